// Module Pipeline: see STYLE.md.
import PrescreenCore
