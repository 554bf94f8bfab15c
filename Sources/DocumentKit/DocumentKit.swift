// Module DocumentKit: see STYLE.md.
import PrescreenCore
