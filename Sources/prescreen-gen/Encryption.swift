import Foundation

/// PDF encryption through qpdf, with its static id and nonce so the bytes are reproducible.
enum Encryption {
    /// `pdf` encrypted with a user password (RC4-128, reproducible); nil when qpdf is missing or fails.
    static func encrypt(_ pdf: Data) -> Data? {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("prescreen-gen-qpdf-\(getpid())-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            let input = dir.appendingPathComponent("in.pdf"), output = dir.appendingPathComponent("out.pdf")
            try pdf.write(to: input)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // RC4-128: AES would draw a random IV on every run (qpdf 11 has no static nonce flag), breaking
            // byte-identical output; poppler still refuses the file without the user password.
            p.arguments = ["qpdf", "--static-id", "--allow-weak-crypto", input.path, output.path,
                           "--encrypt", "user-secret", "owner-secret", "128", "--use-aes=n", "--"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return fm.contents(atPath: output.path)
        } catch {
            return nil
        }
    }
}
