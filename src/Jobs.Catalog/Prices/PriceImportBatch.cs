using System.Text.Json;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;
using static Jobs.Catalog.Prices.PriceObjectMembers;

namespace Jobs.Catalog.Prices;

/// <summary>
/// Applies the objects of one batch of a price import to one context, in file order, so that an object sees what the
/// ones before it did (a price may name a price book created a few lines up). Each object is checked whole before it
/// changes anything, so the one that fails leaves the batch exactly as the objects before it made it.
/// A new row's id derives from the job and the object's index: run again, the job updates the rows it wrote instead of
/// adding them twice. Every row the batch's objects could name is loaded first (<see cref="LoadAsync"/>), in a few
/// queries, so that applying the objects touches only memory and the batch's one transaction is its
/// <c>SaveChanges</c>: short, and never holding the database while a thousand objects are looked up.
/// </summary>
sealed class PriceImportBatch(CatalogDbContext db, string store, Guid jobId, DateTime now)
{
    public const string PricebookType = "pricebook";

    public const string PriceType = "product-price";

    /// <summary>
    /// Loads (and tracks) every price book and price of the store that <paramref name="objects"/> (with their 1-based
    /// indexes) could name by id, external_ref, sku or derived id. Objects too malformed to name anything name nothing.
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<(int Index, JsonElement Root)> objects, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        var refs = new HashSet<string>(StringComparer.Ordinal);
        var skus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, root) in objects)
        {
            ids.Add(DerivedIds.From(jobId, $"object {index}"));
            foreach (var path in (string[][])[["data", "id"], ["data", "pricebook_id"]])
            {
                if (Guid.TryParse(Text(root, path), out var id))
                    ids.Add(id);
            }

            foreach (var path in (string[][])[["data", "pricebook_external_ref"], ["data", "attributes", "external_ref"]])
            {
                if (Text(root, path) is { } reference)
                    refs.Add(reference);
            }

            if (Text(root, "data", "attributes", "sku") is { } sku)
                skus.Add(sku);
        }

        foreach (var chunk in ids.Chunk(500))
        {
            await db.Pricebooks.Where(p => p.StoreId == store && chunk.Contains(p.Id)).LoadAsync(ct);
            await db.ProductPrices.Where(p => p.StoreId == store && chunk.Contains(p.Id)).LoadAsync(ct);
        }

        foreach (var chunk in refs.Chunk(500))
        {
            await db.Pricebooks.Where(p => p.StoreId == store && chunk.Contains(p.ExternalRef!)).LoadAsync(ct);
            await db.ProductPrices.Where(p => p.StoreId == store && chunk.Contains(p.ExternalRef!)).LoadAsync(ct);
        }

        foreach (var chunk in skus.Chunk(500))
            await db.ProductPrices.Where(p => p.StoreId == store && chunk.Contains(p.Sku)).LoadAsync(ct);
    }

    /// <summary>The string at <paramref name="path"/> in <paramref name="root"/>, null when there is none.</summary>
    static string? Text(JsonElement root, params string[] path)
    {
        var at = root;
        foreach (var name in path)
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
                return null;
        }

        return at.ValueKind == JsonValueKind.String ? at.GetString() : null;
    }

    /// <summary>Applies the object at <paramref name="index"/> (1-based); throws <see cref="PriceObjectException"/> when it is wrong.</summary>
    public void Apply(int index, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PriceObjectException("(object)", "must be a JSON object");
        var data = RequiredObject(root, "", "data");
        var type = OptionalString(data, "data", "type", 64);
        var newId = DerivedIds.From(jobId, $"object {index}");
        switch (type)
        {
            case PricebookType:
                ApplyPricebook(data, newId);
                break;
            case PriceType:
                ApplyPrice(data, newId);
                break;
            default:
                throw new PriceObjectException("data.type", $"must be '{PricebookType}' or '{PriceType}'");
        }
    }

    void ApplyPricebook(JsonElement data, Guid newId)
    {
        var id = OptionalId(data, "data", "id");
        var attributes = RequiredObject(data, "data", "attributes");
        var name = RequiredString(attributes, "data.attributes", "name", CatalogLimits.MaxNameLength);
        var description = OptionalString(attributes, "data.attributes", "description", CatalogLimits.MaxDescriptionLength);
        var externalRef = OptionalString(attributes, "data.attributes", "external_ref", CatalogLimits.MaxExternalRefLength);

        Pricebook? book;
        if (id is { } given)
            book = Find(db.Pricebooks, p => p.StoreId == store && p.Id == given) ?? throw new PriceObjectException("data.id", $"price book {given} not found");
        else
            book = (externalRef is null ? null : Find(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef))
                ?? Find(db.Pricebooks, p => p.StoreId == store && p.Id == newId);
        if (externalRef is not null && Find(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef) is { } holder && holder != book)
            throw new PriceObjectException("data.attributes.external_ref", $"another price book has the external_ref '{externalRef}'");

        if (book is null)
        {
            book = new Pricebook { Id = newId, StoreId = store, Name = name, CreatedAt = now };
            db.Pricebooks.Add(book);
        }

        book.Name = name;
        if (Has(attributes, "description"))
            book.Description = description;
        if (externalRef is not null)
            book.ExternalRef = externalRef;
        book.UpdatedAt = now;
    }

    void ApplyPrice(JsonElement data, Guid newId)
    {
        var id = OptionalId(data, "data", "id");
        var book = PricebookOf(data);
        var attributes = RequiredObject(data, "data", "attributes");
        var sku = RequiredString(attributes, "data.attributes", "sku", CatalogLimits.MaxCodeLength);
        var externalRef = OptionalString(attributes, "data.attributes", "external_ref", CatalogLimits.MaxExternalRefLength);
        JsonElement? sales = attributes.TryGetProperty("sales", out var s) ? s : null;
        var problems = PriceShapes.Validate(attributes.TryGetProperty("currencies", out var c) ? c : null, sales, out var values);
        if (problems.Count > 0)
        {
            // The detail names the member by its path first; the message names it once, as the file spells it.
            var (path, detail) = (problems[0].Path, problems[0].Detail);
            throw new PriceObjectException($"data.attributes.{path.Replace('/', '.')}", detail.StartsWith(path + " ", StringComparison.Ordinal) ? detail[(path.Length + 1)..] : detail);
        }

        ProductPrice? price;
        if (id is { } given)
            price = Find(db.ProductPrices, p => p.StoreId == store && p.Id == given) ?? throw new PriceObjectException("data.id", $"price {given} not found");
        else
            price = (externalRef is null ? null : Find(db.ProductPrices, p => p.StoreId == store && p.ExternalRef == externalRef))
                ?? Find(db.ProductPrices, p => p.PricebookId == book.Id && p.Sku == sku)
                ?? Find(db.ProductPrices, p => p.StoreId == store && p.Id == newId);
        if (Find(db.ProductPrices, p => p.PricebookId == book.Id && p.Sku == sku) is { } sameSku && sameSku != price)
            throw new PriceObjectException("data.attributes.sku", $"the price book already has another price for the sku '{sku}'");
        if (externalRef is not null && Find(db.ProductPrices, p => p.StoreId == store && p.ExternalRef == externalRef) is { } holder && holder != price)
            throw new PriceObjectException("data.attributes.external_ref", $"another price has the external_ref '{externalRef}'");

        if (price is null)
        {
            price = new ProductPrice { Id = newId, StoreId = store, Sku = sku, Currencies = "", CreatedAt = now };
            db.ProductPrices.Add(price);
        }

        price.PricebookId = book.Id;
        price.Sku = sku;
        if (externalRef is not null)
            price.ExternalRef = externalRef;
        price.Currencies = values!.CurrenciesJson();
        price.Sales = values.SalesJson();
        price.UpdatedAt = now;
    }

    /// <summary>The price book a price names by <c>pricebook_id</c> or, failing that, <c>pricebook_external_ref</c>.</summary>
    Pricebook PricebookOf(JsonElement data)
    {
        if (OptionalId(data, "data", "pricebook_id") is { } id)
            return Find(db.Pricebooks, p => p.StoreId == store && p.Id == id) ?? throw new PriceObjectException("data.pricebook_id", $"price book {id} not found");
        if (OptionalString(data, "data", "pricebook_external_ref", CatalogLimits.MaxExternalRefLength) is { } externalRef)
            return Find(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef)
                ?? throw new PriceObjectException("data.pricebook_external_ref", $"no price book has the external_ref '{externalRef}'");
        throw new PriceObjectException("data.pricebook_id", "a price needs pricebook_id or pricebook_external_ref");
    }

    /// <summary>The row matching <paramref name="match"/> as this batch has left it (every row it can name is loaded).</summary>
    static T? Find<T>(DbSet<T> set, Func<T, bool> match)
        where T : class => set.Local.FirstOrDefault(match);
}
