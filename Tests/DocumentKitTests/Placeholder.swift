import Testing

@Test func documentKitPlaceholder() { #expect(Bool(true)) }
