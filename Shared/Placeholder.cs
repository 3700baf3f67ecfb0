namespace TaskRunner.Shared; internal static class Placeholder;
