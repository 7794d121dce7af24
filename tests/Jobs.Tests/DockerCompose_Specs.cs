using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Jobs.Api;
using Jobs.Api.Auth;
using Jobs.Api.Files;
using Jobs.Api.Options;
using Jobs.Catalog.Files;
using Jobs.Worker.Hosting;
using Jobs.Worker.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Jobs.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfiles, read as files and held against what the code reads and what the images
/// do: no Docker engine is needed, so a renamed key, a wrong host or a version that drifted fails here rather than at
/// <c>docker compose up</c>. Services are found by what they are (the program a service builds, the hosts the
/// programs connect to), not by their names.
/// </summary>
public sealed partial class DockerCompose_Specs
{
    const string WorkerProject = "Jobs.Worker";
    const string ApiProject = "Jobs.Api";
    const string Loopback = "127.0.0.1";

    // The ports the official images' servers listen on; the file does not change them.
    const int AmqpPort = 5672;
    const int PostgresPort = 5432;

    /// <summary>Where the official aspnet image's programs listen (its ASPNETCORE_HTTP_PORTS).</summary>
    const string AspNetImagePort = "8080";

    /// <summary>A key no code reads, next to the file's: it shows that <see cref="KeysReadBy"/> tells read keys from present ones.</summary>
    static readonly string Unread = ConfigurationPath.Combine(JobRunnerOptions.SectionName, "NoSuchSetting");

    static readonly string Root = FindRepositoryRoot();

    readonly YamlMappingNode _compose = LoadCompose();

    YamlMappingNode Services => Mapping(_compose, "services");

    /// <summary>The broker the programs connect to: a host name, so a service of the compose network.</summary>
    string Broker => BrokerUri(WorkerProject).Host;

    /// <summary>The database server the programs connect to.</summary>
    string Database => DatabaseConnection(WorkerProject).Host!;

    [Fact]
    public void Every_service_the_programs_need_is_there()
    {
        var names = ServiceNames();

        // One service per program, each built from the program's own Dockerfile.
        Assert.Single(names, s => IsBuiltFrom(s, WorkerProject));
        Assert.Single(names, s => IsBuiltFrom(s, ApiProject));
        // The broker and the database they connect to run in this file too, on the official images.
        Assert.Contains(Broker, names);
        Assert.Equal("rabbitmq", ImageOf(Broker).Name);
        Assert.Contains(Database, names);
        Assert.Equal("postgres", ImageOf(Database).Name);
    }

    [Fact]
    public void Images_are_pinned_to_a_version()
    {
        var images = ServiceNames().Where(s => Scalar(Service(s), "image") is not null).Select(s => (Service: s, Image: ImageOf(s))).ToList();

        Assert.NotEmpty(images);
        Assert.All(images, x => Assert.True(x.Image.IsPinned,
            $"{x.Service} runs {x.Image.Reference}: without a version tag (or a digest) it changes whenever the image is republished"));
    }

    [Fact]
    public void Worker_runs_with_a_standby_and_publishes_no_port()
    {
        var worker = Service(ProgramService(WorkerProject));

        var replicas = int.Parse(Scalar(Mapping(worker, "deploy"), "replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(replicas >= 2, $"{replicas} worker replica(s): one runs the jobs, and another must stand by to take over");
        // Replicas cannot share a host port or a container name; their health endpoints are for probes within the network.
        Assert.Empty(Ports(ProgramService(WorkerProject)));
        Assert.Null(Scalar(worker, "container_name"));
    }

    [Fact]
    public void Worker_healthcheck_is_the_workers_own_probe_on_the_port_its_image_listens_on()
    {
        var healthcheck = Mapping(Service(ProgramService(WorkerProject)), "healthcheck");

        Assert.Equal(["CMD", "dotnet", $"{WorkerProject}.dll", "health"], Sequence(healthcheck, "test").Select(Text).ToList());
        // The aspnet image sets ASPNETCORE_HTTP_PORTS to 8080, where the worker serves /health/ready; the probe runs with the
        // worker's own environment, so it asks there.
        var environment = EnvironmentOf(ProgramService(WorkerProject)).Append(KeyValuePair.Create("http_ports", (string?)AspNetImagePort));
        Assert.Equal(new Uri($"http://127.0.0.1:{AspNetImagePort}/health/ready"), HealthProbe.ReadyAddress(ConfigurationOf(environment)));
        Assert.Equal("service_healthy", DependenciesOf(ProgramService(ApiProject))[ProgramService(WorkerProject)]);
    }

    [Fact]
    public void Telemetry_file_adds_a_pinned_collector_that_the_programs_send_to_on_a_port_it_receives_on()
    {
        var telemetry = Mapping(LoadYaml("docker-compose.telemetry.yml"), "services");
        var collectorName = Assert.Single(telemetry.Children.Keys.Select(Text), n => !ServiceNames().Contains(n));
        var collector = Mapping(telemetry, collectorName);
        Assert.True(ParseImage(Scalar(collector, "image")!).IsPinned);
        var mount = Assert.Single(Sequence(collector, "volumes").Select(Text));
        var config = LoadYaml(mount.Split(':')[0]);
        var receiverPorts = Mapping(Mapping(Mapping(config, "receivers"), "otlp"), "protocols").Children.Values
            .Select(p => Scalar(Assert.IsType<YamlMappingNode>(p), "endpoint")!.Split(':')[^1]).ToHashSet();

        foreach (var project in new[] { WorkerProject, ApiProject })
        {
            var overrides = Mapping(Mapping(telemetry, ProgramService(project)), "environment").Children
                .ToDictionary(x => Text(x.Key), x => (string?)Text(x.Value), StringComparer.Ordinal);
            var endpoint = new Uri(Required(overrides, "OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal(collectorName, endpoint.Host);
            Assert.Contains(endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), receiverPorts);
            // The programs read every variable the file adds (the OTLP exporter's and the Prometheus switch).
            var merged = EnvironmentOf(ProgramService(project)).Concat(overrides).ToList();
            var read = KeysReadBy(project, merged);
            Assert.All(overrides.Keys.Select(ConfigurationKey), key => Assert.True(read.Contains(key), $"{project} is given '{key}', which it never reads"));
        }
    }

    [Fact]
    public void Api_publishes_the_port_its_image_listens_on()
    {
        var api = ProgramService(ApiProject);
        var exposed = Assert.Single(Stages(BuildOf(api).Dockerfile)[^1], i => i.Instruction == "EXPOSE").Arguments;

        Assert.Equal(exposed, Assert.Single(Ports(api)).Container);
    }

    [Fact]
    public void Broker_and_database_are_published_on_the_ports_the_programs_use()
    {
        // So that a tool on the machine reaches them with the programs' own settings, with 127.0.0.1 for the host.
        var brokerPort = Port(BrokerUri(WorkerProject)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var databasePort = DatabaseConnection(WorkerProject).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains(Ports(Broker), p => p.Container == brokerPort && p.Host == brokerPort);
        Assert.Contains(Ports(Database), p => p.Container == databasePort && p.Host == databasePort);
    }

    [Fact]
    public void Addresses_the_file_gives_are_published()
    {
        var given = LoopbackAddress().Matches(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))).Select(m => m.Groups["port"].Value).ToHashSet();
        var published = ServiceNames().SelectMany(Ports).Where(p => p.HostIp == Loopback).Select(p => p.Host).ToHashSet();

        Assert.NotEmpty(given);
        Assert.All(given, port => Assert.Contains(port, published));
    }

    [Fact]
    public void Published_ports_bind_the_loopback_address_only()
    {
        var ports = ServiceNames().SelectMany(s => Ports(s).Select(p => (Service: s, Port: p))).ToList();

        Assert.NotEmpty(ports);
        Assert.All(ports, x => Assert.True(x.Port.HostIp == Loopback, $"{x.Service} publishes {x.Port.Container} on '{x.Port.HostIp ?? "every interface"}'"));
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Environment_variables_are_settings_the_program_reads(string project)
    {
        var environment = EnvironmentOf(ProgramService(project));
        var keys = environment.Keys.Select(ConfigurationKey).ToList();

        Assert.NotEmpty(keys);
        // Two spellings of one key (keys ignore case) would leave it to chance which value wins.
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var read = KeysReadBy(project, environment.Append(KeyValuePair.Create(Unread, (string?)"1")));
        Assert.DoesNotContain(Unread, read);
        Assert.All(keys, key => Assert.True(read.Contains(key), $"{project} is given '{key}', which it never reads"));
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Environment_selects_rabbitmq_and_postgres(string project)
    {
        var options = ConfigurationOf(project).GetJobsOptions();

        Assert.Equal(JobsTransport.RabbitMq, options.Transport);
        Assert.Equal(JobsDatabase.Postgres, options.Database);
    }

    [Fact]
    public void Worker_environment_passes_the_runner_option_validation()
    {
        var services = new ServiceCollection().AddJobsWorker(ConfigurationOf(WorkerProject));
        using var provider = services.BuildServiceProvider();

        var exception = Record.Exception(() => provider.GetRequiredService<IOptions<JobRunnerOptions>>().Value);

        Assert.Null(exception);
    }

    [Fact]
    public void Api_does_not_host_the_worker()
    {
        var environment = EnvironmentOf(ProgramService(ApiProject));
        var hostWorker = ConfigurationPath.Combine(JobsOptions.SectionName, nameof(JobsOptions.HostWorker));
        var hostWorkerVariable = Assert.Single(environment.Keys, k => ConfigurationKey(k).Equals(hostWorker, StringComparison.OrdinalIgnoreCase));

        Assert.False(ConfigurationOf(ApiProject).GetJobsOptions().HostWorker);
        // Without the variable the API would run the saga and the runner itself (embedded mode).
        var without = environment.Where(x => x.Key != hostWorkerVariable).ToDictionary();
        Assert.True(ConfigurationOf(without).GetJobsOptions().HostWorker);
    }

    [Fact]
    public void Api_gets_a_signing_key_and_a_client_with_a_hashed_secret_that_pass_its_auth_checks()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(ConfigurationOf(ApiProject));
        builder.WebHost.UseKestrelCore();
        using var api = builder.AddJobsApi().Build();

        var auth = api.Services.GetRequiredService<IOptions<JobsAuthOptions>>().Value;

        Assert.NotEmpty(auth.SigningKeys);
        var client = Assert.Single(auth.Clients);
        // Outside Development a plain secret would only be warned about: the file shows the way to do it.
        Assert.NotNull(client.ClientSecretHash);
        Assert.Null(client.ClientSecret);
    }

    [Fact]
    public void The_token_command_in_the_file_names_the_client_and_the_secret_its_hash_is_of()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        var command = TokenCommand().Match(text);
        var client = Assert.Single(ConfigurationOf(ApiProject).GetSection("Jobs:Auth:Clients").GetChildren());

        Assert.True(command.Success, "the file says how to get a token");
        Assert.Equal(client["ClientId"], command.Groups["id"].Value);
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<object>();
        Assert.NotEqual(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed,
            hasher.VerifyHashedPassword(new object(), client["ClientSecretHash"]!, command.Groups["secret"].Value));
    }

    [Fact]
    public void Api_gets_a_link_signing_key_that_passes_its_check()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(ConfigurationOf(ApiProject));
        builder.WebHost.UseKestrelCore();
        using var api = builder.AddJobsApi().Build();

        // Outside Development the API does not start without one: the value is validated as it is read.
        var links = api.Services.GetRequiredService<IOptions<FileLinkOptions>>().Value;

        Assert.False(string.IsNullOrEmpty(links.LinkSigningKey));
    }

    [Fact]
    public void Workers_and_api_share_the_file_store_through_a_named_volume_mounted_where_they_keep_it()
    {
        var declared = Mapping(_compose, "volumes").Children.Keys.Select(Text).ToList();
        var stores = new[] { WorkerProject, ApiProject }.Select(project =>
        {
            var root = ConfigurationOf(project).GetSection(FileStoreOptions.SectionName).Get<FileStoreOptions>()?.Root;
            Assert.False(string.IsNullOrEmpty(root), $"{project} is given no {FileStoreOptions.SectionName}:Root");
            Assert.True(Path.IsPathRooted(root), $"{project}'s file store '{root}' depends on its working directory");
            var mount = Assert.Single(Sequence(Service(ProgramService(project)), "volumes").Select(Text), m => m.Split(':')[1] == root);
            return (Volume: mount.Split(':')[0], Root: root);
        }).ToList();

        // One volume, at one path: a key the worker writes is the file the API opens.
        Assert.Contains(stores[0].Volume, declared);
        Assert.Equal(stores[0], stores[1]);
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Program_image_gives_its_user_the_file_store_folder(string project)
    {
        var root = ConfigurationOf(project).GetSection(FileStoreOptions.SectionName).Get<FileStoreOptions>()!.Root;
        var final = Stages(BuildOf(ProgramService(project)).Dockerfile)[^1];

        // A named volume takes the owner of the folder it is mounted on; on a folder the image lacks, root's.
        var made = final.FindIndex(i => i.Instruction == "RUN" && i.Arguments.Contains($"mkdir -p {root}", StringComparison.Ordinal)
            && i.Arguments.Contains($"chown $APP_UID {root}", StringComparison.Ordinal));
        Assert.True(made >= 0, $"the image of {project} does not make {root} its user's");
        Assert.True(made < final.FindIndex(i => i.Instruction == "USER"), "the folder is made before the image drops root");
    }

    [GeneratedRegex(@"curl -s http://127\.0\.0\.1:\d+/oauth/access_token -d grant_type=client_credentials -d client_id=(?<id>\S+) -d client_secret=(?<secret>\S+)")]
    private static partial Regex TokenCommand();

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void RabbitMq_connection_string_reaches_the_broker_as_its_user(string project)
    {
        var uri = BrokerUri(project);
        var broker = EnvironmentOf(uri.Host);

        Assert.Equal("amqp", uri.Scheme);
        Assert.Equal(AmqpPort, Port(uri));
        Assert.Equal(broker.GetValueOrDefault("RABBITMQ_DEFAULT_VHOST") ?? "/", uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath[1..]));
        // The broker's own user: its default one, guest, may only connect from the broker's machine.
        Assert.Equal($"{Required(broker, "RABBITMQ_DEFAULT_USER")}:{Required(broker, "RABBITMQ_DEFAULT_PASS")}", Uri.UnescapeDataString(uri.UserInfo));
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Jobs_connection_string_reaches_the_database_as_its_user(string project)
    {
        var connection = DatabaseConnection(project);
        var database = EnvironmentOf(connection.Host!);

        Assert.Equal(PostgresPort, connection.Port);
        Assert.Equal(Required(database, "POSTGRES_DB"), connection.Database);
        Assert.Equal(Required(database, "POSTGRES_USER"), connection.Username);
        Assert.Equal(Required(database, "POSTGRES_PASSWORD"), connection.Password);
    }

    [Fact]
    public void Worker_and_api_get_the_same_transport_database_and_connections()
    {
        var worker = ConfigurationOf(WorkerProject);
        var api = ConfigurationOf(ApiProject);

        Assert.Equal(worker.GetJobsOptions().Transport, api.GetJobsOptions().Transport);
        Assert.Equal(worker.GetJobsOptions().Database, api.GetJobsOptions().Database);
        Assert.Equal(worker.GetConnectionString("RabbitMq"), api.GetConnectionString("RabbitMq"));
        Assert.Equal(worker.GetConnectionString("Jobs"), api.GetConnectionString("Jobs"));
    }

    [Fact]
    public void Database_healthcheck_asks_for_the_user_and_database_the_programs_use()
    {
        var connection = DatabaseConnection(WorkerProject);
        var command = HealthcheckCommand(Database);

        Assert.Equal("pg_isready", command[0]);
        Assert.Equal(connection.Username, OptionValue(command, "-U"));
        Assert.Equal(connection.Database, OptionValue(command, "-d"));
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Program_starts_once_the_broker_and_the_database_are_healthy(string project)
    {
        var dependsOn = DependenciesOf(ProgramService(project));

        Assert.Equal("service_healthy", dependsOn.GetValueOrDefault(Broker));
        Assert.Equal("service_healthy", dependsOn.GetValueOrDefault(Database));
    }

    [Fact]
    public void Api_starts_after_the_workers_that_create_its_schema()
    {
        Assert.Contains(ProgramService(WorkerProject), DependenciesOf(ProgramService(ApiProject)).Keys);
    }

    [Fact]
    public void Every_dependency_is_a_service_that_can_meet_its_condition()
    {
        var names = ServiceNames();
        var dependencies = names.SelectMany(s => DependenciesOf(s).Select(d => (Service: s, On: d.Key, Condition: d.Value))).ToList();

        Assert.NotEmpty(dependencies);
        Assert.All(dependencies, d =>
        {
            Assert.True(names.Contains(d.On), $"{d.Service} depends on {d.On}, which is not a service");
            if (d.Condition == "service_healthy")
                Assert.True(Child(Service(d.On), "healthcheck") is not null, $"{d.Service} waits for {d.On} to be healthy, but {d.On} has no healthcheck");
        });
    }

    [Fact]
    public void Database_keeps_its_data_in_a_named_volume()
    {
        var declared = Mapping(_compose, "volumes").Children.Keys.Select(Text).ToList();
        var mounts = Sequence(Service(Database), "volumes").Select(Text).ToList();

        var mount = Assert.Single(mounts, m => m.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
        Assert.Contains(mount.Split(':')[0], declared);
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Program_image_is_built_and_run_on_the_framework_the_code_targets(string project)
    {
        var (context, dockerfile) = BuildOf(ProgramService(project));
        var stages = Stages(dockerfile);
        var framework = TargetFrameworkVersion(project);

        // The build reads global.json and Directory.*.props at the repository's root.
        Assert.Equal(Root, context);
        Assert.True(stages.Count >= 2, "expected a multi-stage build");
        var sdk = ParseImage(FromImage(stages[0]));
        var runtime = ParseImage(FromImage(stages[^1]));
        Assert.Equal("mcr.microsoft.com/dotnet/sdk", sdk.Repository);
        Assert.Equal(framework, VersionOf(sdk));
        Assert.Equal(SdkBand(), VersionOf(sdk));
        // Both programs are ASP.NET Core applications (the worker for its health endpoints).
        Assert.True(UsesAspNetCore(project), $"{project} does not reference ASP.NET Core");
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet", runtime.Repository);
        Assert.Equal(framework, VersionOf(runtime));
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Program_image_starts_its_assembly_as_a_user_other_than_root(string project)
    {
        var final = Stages(BuildOf(ProgramService(project)).Dockerfile)[^1];

        // The exec form, so that the process gets SIGTERM and the runner hands its job back on shutdown.
        var entrypoint = Assert.Single(final, i => i.Instruction == "ENTRYPOINT").Arguments;
        Assert.Equal(["dotnet", $"{project}.dll"], JsonSerializer.Deserialize<string[]>(entrypoint) ?? []);
        var user = Assert.Single(final, i => i.Instruction == "USER").Arguments;
        Assert.NotEqual("root", user);
    }

    [Theory]
    [InlineData(WorkerProject)]
    [InlineData(ApiProject)]
    public void Dockerfile_restores_from_the_project_files_before_copying_the_sources(string project)
    {
        var (context, dockerfile) = BuildOf(ProgramService(project));
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

    static YamlMappingNode LoadCompose() => LoadYaml("docker-compose.yml");

    static YamlMappingNode LoadYaml(string path)
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, path)));
        var stream = new YamlStream();
        // Resolves `<<: *anchor` merges, should the file come to share settings between services.
        stream.Load(new MergingParser(new Parser(reader)));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    YamlMappingNode Service(string name) => Mapping(Services, name);

    HashSet<string> ServiceNames() => Services.Children.Keys.Select(Text).ToHashSet(StringComparer.Ordinal);

    /// <summary>The one service that builds <paramref name="project"/>.</summary>
    string ProgramService(string project) => Assert.Single(ServiceNames(), s => IsBuiltFrom(s, project));

    bool IsBuiltFrom(string service, string project) =>
        Child(Service(service), "build") is not null && BuildOf(service).Dockerfile == Path.Combine(Root, "src", project, "Dockerfile");

    Image ImageOf(string service) => ParseImage(Scalar(Service(service), "image") ?? throw new Xunit.Sdk.XunitException($"{service} names no image"));

    /// <summary>A service's <c>depends_on</c> in either compose form, each service it waits for with the condition (a list means started).</summary>
    Dictionary<string, string> DependenciesOf(string service) => Child(Service(service), "depends_on") switch
    {
        null => [],
        YamlSequenceNode list => list.Children.Select(Text).ToDictionary(x => x, _ => "service_started", StringComparer.Ordinal),
        YamlMappingNode map => map.Children.ToDictionary(x => Text(x.Key),
            x => Scalar(Assert.IsType<YamlMappingNode>(x.Value), "condition") ?? "service_started", StringComparer.Ordinal),
        _ => throw new Xunit.Sdk.XunitException($"{service}: depends_on is neither a list nor a mapping"),
    };

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

    /// <summary>The configuration the compose file gives <paramref name="project"/>'s service.</summary>
    IConfiguration ConfigurationOf(string project) => ConfigurationOf(EnvironmentOf(ProgramService(project)));

    static IConfiguration ConfigurationOf(IEnumerable<KeyValuePair<string, string?>> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(x => KeyValuePair.Create(ConfigurationKey(x.Key), x.Value)))
            .Build();

    Uri BrokerUri(string project)
    {
        var value = ConfigurationOf(project).GetConnectionString("RabbitMq");
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out var uri), $"'{value}' is not an absolute URI");
        return uri;
    }

    /// <summary>The port an amqp:// URI connects to: .NET knows no default for the scheme, AMQP's is the broker's.</summary>
    static int Port(Uri amqp) => amqp.IsDefaultPort ? AmqpPort : amqp.Port;

    NpgsqlConnectionStringBuilder DatabaseConnection(string project)
    {
        var value = ConfigurationOf(project).GetConnectionString("Jobs");
        Assert.False(string.IsNullOrWhiteSpace(value), $"{project} is given no database connection string");
        return new NpgsqlConnectionStringBuilder(value);
    }

    /// <summary>
    /// Every configuration key <paramref name="project"/> looks up, with <paramref name="environment"/> as its
    /// configuration, when it registers its services (as its Program does) and reads its options: the code itself
    /// says which keys it reads.
    /// </summary>
    static HashSet<string> KeysReadBy(string project, IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var configuration = new RecordingConfiguration(environment.Select(x => KeyValuePair.Create(ConfigurationKey(x.Key), x.Value)));
        if (project == WorkerProject)
        {
            // As its Program registers it: the catalog, then the worker and its telemetry.
            var built = new ConfigurationBuilder().Add(configuration).Build();
            using var worker = new ServiceCollection().AddJobsCatalog(built, runJobs: true).AddJobsWorker(built)
                .AddJobsTelemetry(built, "jobs-worker").BuildServiceProvider();
            ReadOptions(worker);
        }
        else
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.Configuration.Sources.Add(configuration);
            // A web application cannot be built without a server; this one is never started.
            builder.WebHost.UseKestrelCore();
            using var api = builder.AddJobsApi().Build();
            ReadOptions(api.Services);
            _ = api.Services.GetRequiredService<IOptions<FileLinkOptions>>().Value;
        }

        return configuration.Read;
    }

    /// <summary>Options are bound on first use; a program uses all of those it registers.</summary>
    static void ReadOptions(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<JobRunnerOptions>>().Value;
        _ = services.GetRequiredService<IOptions<JobsApiOptions>>().Value;
        _ = services.GetRequiredService<IOptions<JobsAuthOptions>>().Value;
        _ = services.GetRequiredService<IOptions<FileStoreOptions>>().Value;
    }

    /// <summary>Configuration that notes every key looked up in it.</summary>
    sealed class RecordingConfiguration : ConfigurationProvider, IConfigurationSource
    {
        public RecordingConfiguration(IEnumerable<KeyValuePair<string, string?>> values)
        {
            foreach (var (key, value) in values)
                Data[key] = value;
        }

        public HashSet<string> Read { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public override bool TryGet(string key, out string? value)
        {
            Read.Add(key);
            return base.TryGet(key, out value);
        }
    }

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

    /// <summary>The value after <paramref name="option"/> in a command's words.</summary>
    static string? OptionValue(List<string> command, string option) =>
        command.IndexOf(option) is var at and >= 0 && at + 1 < command.Count ? command[at + 1] : null;

    [GeneratedRegex(@"http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex LoopbackAddress();

    // ---- images and the Dockerfiles ----

    /// <summary>An image reference: <c>[registry/]repository[:tag][@digest]</c>.</summary>
    sealed record Image(string Reference, string Repository, string? Tag, string? Digest)
    {
        /// <summary>The repository's last part: <c>rabbitmq</c> for <c>docker.io/library/rabbitmq</c>.</summary>
        public string Name => Repository.Split('/')[^1];

        /// <summary>A digest, or a tag that is a version (not <c>latest</c>, not a name).</summary>
        public bool IsPinned => Digest is not null || (Tag is { Length: > 0 } tag && char.IsAsciiDigit(tag[0]));
    }

    static Image ParseImage(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? reference : reference[..at];
        var colon = name.LastIndexOf(':');
        var tagged = colon > name.LastIndexOf('/');
        return new Image(reference, tagged ? name[..colon] : name, tagged ? name[(colon + 1)..] : null, at < 0 ? null : reference[(at + 1)..]);
    }

    /// <summary>The .NET version of a Microsoft image's tag: <c>10.0</c> for <c>10.0</c> or <c>10.0-alpine</c>.</summary>
    static string? VersionOf(Image image) => image.Tag?.Split('-')[0];

    /// <summary>The .NET version <paramref name="project"/> targets (<c>10.0</c> for <c>net10.0</c>), set in its project file or for all in Directory.Build.props.</summary>
    static string TargetFrameworkVersion(string project)
    {
        var framework = new[] { Path.Combine(Root, "src", project, $"{project}.csproj"), Path.Combine(Root, "Directory.Build.props") }
            .Select(file => XDocument.Load(file).Descendants("TargetFramework").Select(e => e.Value).FirstOrDefault())
            .First(value => value is not null)!;
        Assert.StartsWith("net", framework, StringComparison.Ordinal);
        return framework["net".Length..];
    }

    /// <summary>The major and minor version of the SDK global.json asks for.</summary>
    static string SdkBand()
    {
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "global.json")));
        var version = System.Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        return $"{version.Major}.{version.Minor}";
    }

    /// <summary>True when <paramref name="project"/> needs the ASP.NET Core runtime: the web SDK, or a framework reference to it.</summary>
    static bool UsesAspNetCore(string project)
    {
        var file = XDocument.Load(Path.Combine(Root, "src", project, $"{project}.csproj"));
        return (string?)file.Root!.Attribute("Sdk") == "Microsoft.NET.Sdk.Web"
            || file.Descendants("FrameworkReference").Any(r => (string?)r.Attribute("Include") == "Microsoft.AspNetCore.App");
    }


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
