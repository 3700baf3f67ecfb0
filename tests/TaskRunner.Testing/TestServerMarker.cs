namespace TaskRunner.Testing;

/// <summary>Anchor type for the test-double library.</summary>
public static class TestServerMarker;
