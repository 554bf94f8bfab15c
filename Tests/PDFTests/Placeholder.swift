import Testing

@Test func PDFTestsPlaceholder() { #expect(Bool(true)) }
