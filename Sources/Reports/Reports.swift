// Module Reports: see STYLE.md.
import PrescreenCore
