// Module PipelineConfig: see STYLE.md.
import PrescreenCore
