/// Test fixtures and fakes shared by the test targets.
public enum TestSupport {}
