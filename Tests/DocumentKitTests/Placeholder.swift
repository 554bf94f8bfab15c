import Testing

@Test func DocumentKitTestsPlaceholder() { #expect(Bool(true)) }
