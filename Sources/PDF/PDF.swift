// Module PDF: see STYLE.md.
import PrescreenCore
