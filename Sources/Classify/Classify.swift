// Module Classify: see STYLE.md.
import PrescreenCore
