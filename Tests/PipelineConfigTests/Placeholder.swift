import Testing

@Test func PipelineConfigTestsPlaceholder() { #expect(Bool(true)) }
