import Testing

@Test func CorpusTestsPlaceholder() { #expect(Bool(true)) }
