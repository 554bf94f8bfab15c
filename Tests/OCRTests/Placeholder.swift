import Testing

@Test func OCRTestsPlaceholder() { #expect(Bool(true)) }
