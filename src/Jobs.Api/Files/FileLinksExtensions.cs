using Microsoft.Extensions.Options;

namespace Jobs.Api.Files;

/// <summary>Registers and maps the signed download links of jobs' files.</summary>
static class FileLinksExtensions
{
    /// <summary>The links' key and lifetime (<see cref="FileLinkOptions"/>, checked at start) and their signer.</summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddFileLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileLinkOptions>()
            .Bind(configuration.GetSection(FileLinkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FileLinkOptions>, FileLinkOptionsValidator>();
        services.AddSingleton<FileLinks>();
        return services;
    }

    /// <summary>Maps the download endpoint, which needs no token.</summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static IEndpointRouteBuilder MapFileDownloads(this IEndpointRouteBuilder app)
    {
        FileDownloadEndpoint.Map(app);
        return app;
    }
}
