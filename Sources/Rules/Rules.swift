// Module Rules: see STYLE.md.
import PrescreenCore
