import Ingest
import Testing

struct FormatSnifferClaimTests {
    @Test(arguments: [("a/b.pdf", true), ("x.JPG", true), ("scan.tiff", true), ("notes.docx", false), ("README", false),
                      ("dir.pdf/notes.txt", false), ("archive.zip", false)])
    func extensionsThatClaimASupportedFormat(_ path: String, _ claims: Bool) {
        #expect(FormatSniffer.claimsSupportedFormat(path) == claims)
    }
}
