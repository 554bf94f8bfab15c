import Foundation

/// Debian's chromium, headless, for the tests that check the reports in a real browser (print to PDF, a
/// scripted filter and sort, screenshots). `chromium` is nil when it is not installed: those suites are skipped
/// with a message naming the package (scripts/install-deps.sh installs it).
public enum Browser {
    /// Where chromium is, if it is installed.
    public static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The flags every run needs here: no sandbox (tests run as root), no GPU, no first-run dialogs.
    static let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]

    /// Runs a program to the end; its exit status and stdout (stderr is dropped: chromium chatters on it).
    public static func run(_ path: String, _ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The DOM of a page after it loaded and its scripts ran (`--dump-dom`); nil without chromium.
    public static func dumpDOM(_ file: String) throws -> String? {
        guard let chromium else { return nil }
        let r = try run(chromium, common + ["--dump-dom", URL(fileURLWithPath: file).absoluteString])
        return r.status == 0 ? r.out : nil
    }

    /// Prints a page to PDF as the print dialog would (the page's own `@page` size).
    public static func printToPDF(_ file: String, _ pdf: String) throws -> Bool {
        guard let chromium else { return false }
        let r = try run(chromium, common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)",
                                           URL(fileURLWithPath: file).absoluteString])
        return r.status == 0 && FileManager.default.fileExists(atPath: pdf)
    }

    /// A PNG screenshot of a page at a window size.
    public static func screenshot(_ file: String, _ png: String, width: Int = 1280, height: Int = 800) throws -> Bool {
        guard let chromium else { return false }
        let r = try run(chromium, common + ["--window-size=\(width),\(height)", "--screenshot=\(png)",
                                           URL(fileURLWithPath: file).absoluteString])
        return r.status == 0 && FileManager.default.fileExists(atPath: png)
    }
}
