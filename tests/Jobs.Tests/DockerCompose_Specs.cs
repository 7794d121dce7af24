using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Xml.Linq;
using Jobs.Worker.Hosting;
using Jobs.Worker.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Jobs.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfiles, read as files and held against what the code reads: no Docker
/// engine is needed, so a renamed key or a wrong host fails here rather than at <c>docker compose up</c>.
/// </summary>
public sealed class DockerCompose_Specs
{
    const string RabbitMq = "rabbitmq";
    const string Postgres = "postgres";
    const string Worker = "worker";
    const string Api = "api";
    const string Loopback = "127.0.0.1";

    /// <summary>Every configuration key the worker and the API read outside the <c>Jobs:Runner</c> section.</summary>
    static readonly HashSet<string> KeysTheCodeReads = new(StringComparer.OrdinalIgnoreCase)
    {
        $"{JobsOptions.SectionName}:{nameof(JobsOptions.Transport)}",
        $"{JobsOptions.SectionName}:{nameof(JobsOptions.Database)}",
        $"{JobsOptions.SectionName}:{nameof(JobsOptions.HostWorker)}",
        "ConnectionStrings:RabbitMq",
        "ConnectionStrings:Jobs",
    };

    static readonly string Root = FindRepositoryRoot();

    readonly YamlMappingNode _compose = LoadCompose();

    YamlMappingNode Services => Mapping(_compose, "services");

    [Fact]
    public void Compose_file_declares_the_four_services()
    {
        var names = Services.Children.Keys.Select(Text).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { RabbitMq, Postgres, Worker, Api }, names);
        Assert.Equal("rabbitmq:3.13-management", Scalar(Service(RabbitMq), "image"));
        Assert.Equal("postgres:15", Scalar(Service(Postgres), "image"));
        Assert.NotNull(Child(Service(Worker), "build"));
        Assert.NotNull(Child(Service(Api), "build"));
    }

    [Fact]
    public void Worker_runs_two_replicas_and_publishes_no_port()
    {
        var worker = Service(Worker);

        Assert.Equal("2", Scalar(Mapping(worker, "deploy"), "replicas"));
        // Two replicas cannot both bind one host port, and the worker serves nothing over HTTP.
        Assert.Empty(Ports(Worker));
        Assert.Null(Scalar(worker, "container_name"));
    }

    [Theory]
    [InlineData(Api, "8080")]
    [InlineData(RabbitMq, "5672")]
    [InlineData(RabbitMq, "15672")]
    [InlineData(Postgres, "5432")]
    public void Service_publishes_its_port_on_the_same_host_port(string service, string port)
    {
        var published = Ports(service).Where(p => p.Container == port).ToList();

        var single = Assert.Single(published);
        Assert.Equal(port, single.Host);
    }

    [Fact]
    public void Published_ports_bind_the_loopback_address_only()
    {
        var ports = Services.Children.Keys.Select(Text).SelectMany(s => Ports(s).Select(p => (Service: s, Port: p))).ToList();

        Assert.NotEmpty(ports);
        Assert.All(ports, x => Assert.True(x.Port.HostIp == Loopback, $"{x.Service} publishes {x.Port.Container} on '{x.Port.HostIp ?? "every interface"}'"));
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Api)]
    public void Environment_keys_are_ones_the_code_reads(string service)
    {
        var keys = EnvironmentOf(service).Keys.Select(ConfigurationKey).ToList();

        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var runnerPrefix = JobRunnerOptions.SectionName + ConfigurationPath.KeyDelimiter;
        Assert.All(keys, key => Assert.True(
            KeysTheCodeReads.Contains(key) || key.StartsWith(runnerPrefix, StringComparison.OrdinalIgnoreCase),
            $"{service} sets '{key}', which the code does not read"));

        // The runner's keys: the binder itself rejects one that names no property of JobRunnerOptions.
        var configuration = ConfigurationOf(service);
        configuration.GetSection(JobRunnerOptions.SectionName).Get<JobRunnerOptions>(o => o.ErrorOnUnknownConfiguration = true);
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Api)]
    public void Environment_selects_rabbitmq_and_postgres(string service)
    {
        var options = ConfigurationOf(service).GetJobsOptions();

        Assert.Equal(JobsTransport.RabbitMq, options.Transport);
        Assert.Equal(JobsDatabase.Postgres, options.Database);
    }

    [Fact]
    public void Worker_environment_passes_the_runner_option_validation()
    {
        var services = new ServiceCollection().AddJobsWorker(ConfigurationOf(Worker));
        using var provider = services.BuildServiceProvider();

        var exception = Record.Exception(() => provider.GetRequiredService<IOptions<JobRunnerOptions>>().Value);

        Assert.Null(exception);
    }

    [Fact]
    public void Api_does_not_host_the_worker()
    {
        var environment = EnvironmentOf(Api);
        var hostWorkerKey = Assert.Single(environment.Keys, k => ConfigurationKey(k).Equals("Jobs:HostWorker", StringComparison.OrdinalIgnoreCase));

        Assert.False(ConfigurationOf(Api).GetJobsOptions().HostWorker);
        // Without the key the API would run the saga and the runner itself (embedded mode).
        var withoutKey = environment.Where(x => x.Key != hostWorkerKey).ToDictionary();
        Assert.True(ConfigurationOf(withoutKey).GetJobsOptions().HostWorker);
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Api)]
    public void RabbitMq_connection_string_is_the_rabbitmq_service(string service)
    {
        var value = ConfigurationOf(service).GetConnectionString("RabbitMq");

        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out var uri), $"'{value}' is not an absolute URI");
        Assert.Equal("amqp", uri.Scheme);
        Assert.Equal(RabbitMq, uri.Host);
        Assert.Equal(5672, uri.Port);
        Assert.Contains(uri.AbsolutePath, new[] { "", "/" });
        var broker = EnvironmentOf(RabbitMq);
        var expectedUser = broker.GetValueOrDefault("RABBITMQ_DEFAULT_USER") ?? "guest";
        var expectedPassword = broker.GetValueOrDefault("RABBITMQ_DEFAULT_PASS") ?? "guest";
        Assert.Equal($"{expectedUser}:{expectedPassword}", Uri.UnescapeDataString(uri.UserInfo));
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Api)]
    public void Jobs_connection_string_is_the_postgres_service(string service)
    {
        var value = ConfigurationOf(service).GetConnectionString("Jobs");
        var database = EnvironmentOf(Postgres);

        Assert.False(string.IsNullOrWhiteSpace(value));
        var builder = new NpgsqlConnectionStringBuilder(value);
        Assert.Equal(Postgres, builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal(Required(database, "POSTGRES_DB"), builder.Database);
        Assert.Equal(Required(database, "POSTGRES_USER"), builder.Username);
        Assert.Equal(Required(database, "POSTGRES_PASSWORD"), builder.Password);
    }

    [Fact]
    public void Worker_and_api_share_the_broker_and_the_database()
    {
        var worker = ConfigurationOf(Worker);
        var api = ConfigurationOf(Api);

        Assert.Equal(worker.GetConnectionString("RabbitMq"), api.GetConnectionString("RabbitMq"));
        Assert.Equal(worker.GetConnectionString("Jobs"), api.GetConnectionString("Jobs"));
    }

    [Fact]
    public void Rabbitmq_and_postgres_have_healthchecks()
    {
        var database = EnvironmentOf(Postgres);

        Assert.Equal(["rabbitmq-diagnostics", "-q", "ping"], HealthcheckCommand(RabbitMq));
        Assert.Equal(["pg_isready", "-U", Required(database, "POSTGRES_USER"), "-d", Required(database, "POSTGRES_DB")], HealthcheckCommand(Postgres));
    }

    [Fact]
    public void Postgres_keeps_its_data_in_a_named_volume()
    {
        var declared = Mapping(_compose, "volumes").Children.Keys.Select(Text).ToList();
        var mounts = Sequence(Service(Postgres), "volumes").Select(Text).ToList();

        var mount = Assert.Single(mounts, m => m.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
        Assert.Contains(mount.Split(':')[0], declared);
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Api)]
    public void Service_starts_once_rabbitmq_and_postgres_are_healthy(string service)
    {
        var dependsOn = Mapping(Service(service), "depends_on");

        Assert.Equal("service_healthy", Scalar(Mapping(dependsOn, RabbitMq), "condition"));
        Assert.Equal("service_healthy", Scalar(Mapping(dependsOn, Postgres), "condition"));
    }

    [Fact]
    public void Api_starts_after_the_worker()
    {
        var dependsOn = Mapping(Service(Api), "depends_on");

        Assert.Equal("service_started", Scalar(Mapping(dependsOn, Worker), "condition"));
    }

    [Theory]
    [InlineData(Worker, "Jobs.Worker")]
    [InlineData(Api, "Jobs.Api")]
    public void Service_builds_from_a_dockerfile_that_starts_its_assembly(string service, string project)
    {
        var (context, dockerfile) = BuildOf(service);
        var stages = Stages(dockerfile);
        var final = stages[^1];

        Assert.Equal(Root, context);
        Assert.Equal(Path.Combine(Root, "src", project, "Dockerfile"), dockerfile);
        Assert.True(stages.Count >= 2, "expected a multi-stage build");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", FromImage(stages[0]));
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", FromImage(final));
        // The exec form, so that the process gets SIGTERM and the runner hands its job back on shutdown.
        var entrypoint = Assert.Single(final, i => i.Instruction == "ENTRYPOINT").Arguments;
        Assert.Equal(["dotnet", $"{project}.dll"], JsonSerializer.Deserialize<string[]>(entrypoint) ?? []);
        var user = Assert.Single(final, i => i.Instruction == "USER").Arguments;
        Assert.NotEqual("root", user);
    }

    [Theory]
    [InlineData(Worker, "Jobs.Worker")]
    [InlineData(Api, "Jobs.Api")]
    public void Dockerfile_restores_from_the_project_files_before_copying_the_sources(string service, string project)
    {
        var (context, dockerfile) = BuildOf(service);
        var build = Stages(dockerfile)[0];
        var restore = build.FindIndex(i => i.Instruction == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copies = build.Where(i => i.Instruction == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)).ToList();
        var copiedBeforeRestore = build.Take(restore).Where(i => i.Instruction == "COPY").SelectMany(i => CopySources(i.Arguments)).ToHashSet(StringComparer.Ordinal);

        Assert.True(restore > 0, "expected a RUN dotnet restore");
        Assert.All(copies.SelectMany(i => CopySources(i.Arguments)), source => Assert.True(
            File.Exists(Path.Combine(context, source)) || Directory.Exists(Path.Combine(context, source)),
            $"COPY {source}: not in the build context"));
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "global.json", "Directory.Build.props", "Directory.Packages.props" }, copiedBeforeRestore);
        Assert.Superset(ProjectClosure($"src/{project}/{project}.csproj"), copiedBeforeRestore);
        var publish = Assert.Single(build, i => i.Instruction == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("--no-restore", publish, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish, StringComparison.Ordinal);
    }

    // ---- the compose file ----

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jobs.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No Jobs.sln above {AppContext.BaseDirectory}.");
    }

    static YamlMappingNode LoadCompose()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));
        var stream = new YamlStream();
        // Resolves `<<: *anchor` merges, should the file come to share settings between services.
        stream.Load(new MergingParser(new Parser(reader)));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    YamlMappingNode Service(string name) => Mapping(Services, name);

    static string Text(YamlNode node) => Assert.IsType<YamlScalarNode>(node).Value ?? "";

    static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    static string? Scalar(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode scalar ? scalar.Value : null;

    static YamlMappingNode Mapping(YamlMappingNode map, string key) =>
        Assert.IsType<YamlMappingNode>(Child(map, key) ?? throw new Xunit.Sdk.XunitException($"no '{key}' in the compose file where expected"));

    static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) => Child(map, key) switch
    {
        null => [],
        var node => Assert.IsType<YamlSequenceNode>(node).Children,
    };

    /// <summary>A service's environment in either compose form (a mapping, or a list of KEY=value); a key without a value maps to null.</summary>
    Dictionary<string, string?> EnvironmentOf(string service)
    {
        var node = Child(Service(service), "environment");
        return node switch
        {
            null => [],
            YamlMappingNode map => map.Children.ToDictionary(x => Text(x.Key), x => ((YamlScalarNode)x.Value).Value, StringComparer.Ordinal),
            YamlSequenceNode list => list.Children.Select(Text).Select(x => x.Split('=', 2))
                .ToDictionary(x => x[0], x => x.Length == 2 ? x[1] : null, StringComparer.Ordinal),
            _ => throw new Xunit.Sdk.XunitException($"{service}: environment is neither a mapping nor a list"),
        };
    }

    static string Required(Dictionary<string, string?> environment, string key) =>
        environment.GetValueOrDefault(key) ?? throw new Xunit.Sdk.XunitException($"no value for {key}");

    /// <summary>What .NET's environment-variable provider makes of a variable's name.</summary>
    static string ConfigurationKey(string variable) => variable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    IConfiguration ConfigurationOf(string service) => ConfigurationOf(EnvironmentOf(service));

    static IConfiguration ConfigurationOf(IEnumerable<KeyValuePair<string, string?>> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(x => KeyValuePair.Create(ConfigurationKey(x.Key), x.Value)))
            .Build();

    sealed record PublishedPort(string? HostIp, string? Host, string Container);

    /// <summary>A service's published ports, short ("[ip:][host:]container[/protocol]") or long syntax.</summary>
    List<PublishedPort> Ports(string service) => Sequence(Service(service), "ports").Select(node =>
    {
        if (node is YamlMappingNode map)
            return new PublishedPort(Scalar(map, "host_ip"), Scalar(map, "published"), Scalar(map, "target") ?? "");

        var parts = Text(node).Split('/')[0].Split(':');
        return parts.Length switch
        {
            3 => new PublishedPort(parts[0], parts[1], parts[2]),
            2 => new PublishedPort(null, parts[0], parts[1]),
            _ => new PublishedPort(null, null, parts[0]),
        };
    }).ToList();

    /// <summary>The healthcheck's command, without the CMD / CMD-SHELL marker.</summary>
    List<string> HealthcheckCommand(string service)
    {
        var test = Child(Mapping(Service(service), "healthcheck"), "test");
        var words = test switch
        {
            YamlSequenceNode list => list.Children.Select(Text).ToList(),
            YamlScalarNode scalar => ["CMD-SHELL", scalar.Value ?? ""],
            _ => throw new Xunit.Sdk.XunitException($"{service}: healthcheck has no test"),
        };
        return words[0] == "CMD-SHELL"
            ? [.. words[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)]
            : [.. words.Skip(words[0] == "CMD" ? 1 : 0)];
    }

    // ---- the Dockerfiles ----

    (string Context, string Dockerfile) BuildOf(string service)
    {
        var build = Mapping(Service(service), "build");
        var context = Path.GetFullPath(Path.Combine(Root, Scalar(build, "context") ?? "."));
        var dockerfile = Path.GetFullPath(Path.Combine(context, Scalar(build, "dockerfile") ?? "Dockerfile"));
        Assert.True(File.Exists(dockerfile), $"{service}: {dockerfile} does not exist");
        return (context.TrimEnd(Path.DirectorySeparatorChar), dockerfile);
    }

    sealed record DockerInstruction(string Instruction, string Arguments);

    /// <summary>The Dockerfile's instructions, continuation lines joined and comments dropped, split into stages at FROM.</summary>
    static List<List<DockerInstruction>> Stages(string dockerfile)
    {
        var stages = new List<List<DockerInstruction>>();
        var pending = "";
        foreach (var rawLine in File.ReadAllLines(dockerfile))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
                continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = (pending + line).Trim();
            pending = "";
            if (text.Length == 0)
                continue;
            var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var instruction = new DockerInstruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : "");
            if (instruction.Instruction == "FROM")
                stages.Add([]);
            Assert.True(stages.Count > 0, $"{dockerfile}: {instruction.Instruction} before the first FROM");
            stages[^1].Add(instruction);
        }

        return stages;
    }

    static string FromImage(List<DockerInstruction> stage) =>
        stage[0].Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(x => !x.StartsWith("--", StringComparison.Ordinal));

    /// <summary>The sources of a COPY (flags and the destination left out), as paths relative to the build context.</summary>
    static IEnumerable<string> CopySources(string arguments)
    {
        var words = arguments.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(arguments) ?? []
            : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var operands = words.Where(x => !x.StartsWith("--", StringComparison.Ordinal)).ToList();
        return operands.Take(operands.Count - 1).Select(x => x.StartsWith("./", StringComparison.Ordinal) ? x[2..] : x).Select(x => x.Length > 1 ? x.TrimEnd('/') : x);
    }

    /// <summary>A project file and every project it references, directly or not, relative to the root.</summary>
    static HashSet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!closure.Add(current))
                continue;
            var path = Path.Combine(Root, current);
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = ((string?)reference.Attribute("Include") ?? "").Replace('\\', '/');
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include));
                pending.Push(Path.GetRelativePath(Root, full).Replace('\\', '/'));
            }
        }

        return closure;
    }
}
