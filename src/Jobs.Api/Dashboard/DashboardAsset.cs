using Microsoft.Net.Http.Headers;

namespace Jobs.Api.Dashboard;

/// <summary>One of the dashboard's files, as it is served: its bytes, its media type and the tag a browser revalidates it by.</summary>
sealed record DashboardAsset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);
