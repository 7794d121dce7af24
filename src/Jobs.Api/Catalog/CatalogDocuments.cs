using System.Text.Json.Serialization;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;

namespace Jobs.Api.Catalog;

/// <summary>A single catalog resource: <c>{ "data": resource }</c>.</summary>
public sealed record CatalogDocument<TResource>(TResource Data);

/// <summary>A page of catalog resources, paged and counted like the jobs list.</summary>
public sealed record CatalogListDocument<TResource>(IReadOnlyList<TResource> Data, PageLinks Links, ListMeta Meta);

/// <summary>Elastic Path's <c>meta</c> of a PIM resource: when it was made and changed, and that the store owns it.</summary>
public sealed record CatalogMeta(DateTime CreatedAt, DateTime UpdatedAt)
{
    public string Owner => "store";

    public static CatalogMeta Of(DateTime createdAt, DateTime updatedAt) => new(CatalogTime.Utc(createdAt), CatalogTime.Utc(updatedAt));
}

/// <summary>A resource's own link.</summary>
public sealed record SelfLinks(string Self);

/// <summary>A JSON:API resource identifier: <c>{"type":"product","id":"…"}</c>.</summary>
public sealed record ResourceIdentifier(string Type, Guid Id);

/// <summary>A to-one relationship; <c>data</c> is null when nothing is related.</summary>
public sealed record ToOneRelationship([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ResourceIdentifier? Data);

/// <summary>Reading a catalog request's paths and paging.</summary>
static class CatalogRequests
{
    /// <summary>
    /// An id from the path; anything that is not a UUID cannot name a resource, so it is the same 404 as an id of
    /// another store or of nothing.
    /// </summary>
    public static bool TryParseId(string text, string resource, out Guid id, out IResult? error)
    {
        error = Guid.TryParse(text, out id) ? null : ApiErrors.NotFound($"{resource} not found");
        return error is null;
    }

    /// <summary>The page asked for, or the 400 naming the bad parameter.</summary>
    public static bool TryPage(string? limit, string? offset, out Paging paging, out IResult? error)
    {
        error = Paging.TryParse(limit, offset, out paging, out var reason, out var parameter) ? null : ApiErrors.BadRequest(reason!, parameter);
        return error is null;
    }

    /// <summary>A page of <paramref name="items"/> with links to the other pages of <paramref name="path"/>.</summary>
    public static IResult Page<TResource>(string path, Paging paging, long total, IReadOnlyList<TResource> items, params (string Name, string? Value)[] keep)
    {
        var (links, meta) = Pages.Describe(path, paging, total, keep);
        return Results.Json(new CatalogListDocument<TResource>(items, links, meta));
    }
}

/// <summary>Timestamps as the catalog stores and shows them.</summary>
static class CatalogTime
{
    /// <summary>A stored time is UTC whatever kind the provider read it back as (SQLite reads <c>Unspecified</c>).</summary>
    public static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}

/// <summary>A to-many relationship's members: <c>{"data":[{"type":…,"id":…}]}</c>.</summary>
public sealed record RelationshipDocument(IReadOnlyList<ResourceIdentifier> Data);
