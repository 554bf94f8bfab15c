// Module Ingest: see STYLE.md.
import PrescreenCore
