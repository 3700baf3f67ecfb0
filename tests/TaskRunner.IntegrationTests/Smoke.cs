namespace TaskRunner.IntegrationTests; public class Smoke { [Fact] public void Ok() => Assert.True(true); }
