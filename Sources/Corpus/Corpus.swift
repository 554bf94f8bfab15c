// Module Corpus: see STYLE.md.
import PrescreenCore
