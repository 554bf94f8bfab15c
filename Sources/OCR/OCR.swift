// Module OCR: see STYLE.md.
import PrescreenCore
