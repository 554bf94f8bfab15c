import COpenVINO
import OCR

/// One ONNX model compiled for OpenVINO's CPU plugin, single-threaded, with one inference request.
///
/// Owns C handles (core, compiled model, request): create it inside the worker that uses it and never share it.
/// Inputs and outputs are float32 NCHW tensors of any shape the model accepts (PP-OCR's are dynamic).
final class OpenVINOModel {
    private let core: OpaquePointer
    private let compiled: OpaquePointer
    private let request: OpaquePointer

    /// Reads and compiles `path` on the CPU with one inference thread and one stream: the scan runs one worker
    /// per core, and more threads a worker would oversubscribe them.
    init(path: String) throws(OCRError) {
        var core: OpaquePointer?
        try Self.check(ov_core_create(&core), "ov_core_create")
        guard let core else { throw OCRError(.initFailed, "ov_core_create returned no core") }
        var compiled: OpaquePointer?
        let status: ov_status_e = "INFERENCE_NUM_THREADS".withCString { threadsKey in
            "1".withCString { one in
                "NUM_STREAMS".withCString { streamsKey in
                    "PERFORMANCE_HINT".withCString { hintKey in
                        "LATENCY".withCString { latency in
                            "CPU_RUNTIME_CACHE_CAPACITY".withCString { cacheKey in
                            "0".withCString { zero in
                            // No cache of per-shape kernels: line crops come in many widths, and each cached shape
                            // holds memory in a worker whose address space is limited.
                            let props = [
                                ov_property_t(key: threadsKey, value: UnsafeRawPointer(one)),
                                ov_property_t(key: streamsKey, value: UnsafeRawPointer(one)),
                                ov_property_t(key: hintKey, value: UnsafeRawPointer(latency)),
                                ov_property_t(key: cacheKey, value: UnsafeRawPointer(zero)),
                            ]
                            return props.withUnsafeBufferPointer {
                                ov_core_compile_model_from_file_props(core, path, "CPU", $0.count, $0.baseAddress,
                                                                      &compiled)
                            }
                            }
                            }
                        }
                    }
                }
            }
        }
        guard status == OK, let compiled else {
            ov_core_free(core)
            throw OCRError(.initFailed, "OpenVINO could not load the model \(path) (\(Self.message(status)))")
        }
        var request: OpaquePointer?
        let rs = ov_compiled_model_create_infer_request(compiled, &request)
        guard rs == OK, let request else {
            ov_compiled_model_free(compiled)
            ov_core_free(core)
            throw OCRError(.initFailed, "ov_compiled_model_create_infer_request failed (\(Self.message(rs)))")
        }
        self.core = core
        self.compiled = compiled
        self.request = request
    }

    deinit {
        ov_infer_request_free(request)
        ov_compiled_model_free(compiled)
        ov_core_free(core)
    }

    /// Runs the model on one float32 input of `shape`; returns the first output's values and shape.
    func run(_ input: inout [Float], shape: [Int]) throws(OCRError) -> (values: [Float], shape: [Int]) {
        try run(&input, shape: shape) { (Array($0), $1) }
    }

    /// Runs the model on one float32 input of `shape` and hands `body` the first output's values (valid only
    /// inside `body`: no copy of the recogniser's T × 18,710 output) and shape.
    func run<R>(_ input: inout [Float], shape: [Int], _ body: (UnsafeBufferPointer<Float>, [Int]) -> R)
        throws(OCRError) -> R {
        precondition(shape.reduce(1, *) == input.count, "input size does not match its shape")
        var dims = shape.map { Int64($0) }
        var ovShape = ov_shape_t()
        try Self.check(ov_shape_create(Int64(dims.count), &dims, &ovShape), "ov_shape_create")
        defer { ov_shape_free(&ovShape) }
        var tensor: OpaquePointer?
        let status = input.withUnsafeMutableBytes { raw in
            ov_tensor_create_from_host_ptr(F32, ovShape, raw.baseAddress, &tensor)
        }
        try Self.check(status, "ov_tensor_create_from_host_ptr")
        guard let tensor else { throw OCRError(.recognitionFailed, "OpenVINO made no input tensor") }
        defer { ov_tensor_free(tensor) }
        // The tensor points into `input`, which stays alive and unmoved until infer returns (inout, no copy:
        // nothing else touches it here).
        try Self.check(ov_infer_request_set_input_tensor_by_index(request, 0, tensor), "set_input_tensor")
        try Self.check(ov_infer_request_infer(request), "ov_infer_request_infer")
        var output: OpaquePointer?
        try Self.check(ov_infer_request_get_output_tensor_by_index(request, 0, &output), "get_output_tensor")
        guard let output else { throw OCRError(.recognitionFailed, "OpenVINO gave no output tensor") }
        defer { ov_tensor_free(output) }
        var outShape = ov_shape_t()
        try Self.check(ov_tensor_get_shape(output, &outShape), "ov_tensor_get_shape")
        defer { ov_shape_free(&outShape) }
        var shapeOut: [Int] = []
        if let d = outShape.dims {
            for i in 0..<Int(outShape.rank) { shapeOut.append(Int(d[i])) }
        }
        var type = DYNAMIC
        try Self.check(ov_tensor_get_element_type(output, &type), "ov_tensor_get_element_type")
        guard type == F32 else { throw OCRError(.recognitionFailed, "OpenVINO output is not float32") }
        var count = 0
        try Self.check(ov_tensor_get_size(output, &count), "ov_tensor_get_size")
        var data: UnsafeMutableRawPointer?
        try Self.check(ov_tensor_data(output, &data), "ov_tensor_data")
        guard let data, count == shapeOut.reduce(1, *) else {
            throw OCRError(.recognitionFailed, "OpenVINO output has no data or a size that does not match its shape")
        }
        return body(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count), shapeOut)
    }

    private static func check(_ status: ov_status_e, _ function: String) throws(OCRError) {
        guard status == OK else {
            throw OCRError(.recognitionFailed, "OpenVINO \(function) failed (\(message(status)))")
        }
    }

    /// OpenVINO's description of a status, with its last error message when it has one.
    private static func message(_ status: ov_status_e) -> String {
        var text = ov_get_error_info(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        if let last = ov_get_last_err_msg() {
            let detail = String(cString: last)
            if !detail.isEmpty { text += ": " + detail.prefix(300) }
        }
        return text
    }
}
