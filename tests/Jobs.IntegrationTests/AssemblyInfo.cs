using Jobs.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(TestServices))]
