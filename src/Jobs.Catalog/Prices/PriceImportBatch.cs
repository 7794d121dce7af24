using System.Linq.Expressions;
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
/// adding them twice.
/// </summary>
sealed class PriceImportBatch(CatalogDbContext db, string store, Guid jobId, DateTime now)
{
    public const string PricebookType = "pricebook";

    public const string PriceType = "product-price";

    /// <summary>Applies the object at <paramref name="index"/> (1-based); throws <see cref="PriceObjectException"/> when it is wrong.</summary>
    public async Task ApplyAsync(int index, JsonElement root, CancellationToken ct)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PriceObjectException("(object)", "must be a JSON object");
        var data = RequiredObject(root, "", "data");
        var type = OptionalString(data, "data", "type", 64);
        var newId = DerivedIds.From(jobId, $"object {index}");
        switch (type)
        {
            case PricebookType:
                await ApplyPricebookAsync(data, newId, ct);
                break;
            case PriceType:
                await ApplyPriceAsync(data, newId, ct);
                break;
            default:
                throw new PriceObjectException("data.type", $"must be '{PricebookType}' or '{PriceType}'");
        }
    }

    async Task ApplyPricebookAsync(JsonElement data, Guid newId, CancellationToken ct)
    {
        var id = OptionalId(data, "data", "id");
        var attributes = RequiredObject(data, "data", "attributes");
        var name = RequiredString(attributes, "data.attributes", "name", CatalogLimits.MaxNameLength);
        var description = OptionalString(attributes, "data.attributes", "description", CatalogLimits.MaxDescriptionLength);
        var externalRef = OptionalString(attributes, "data.attributes", "external_ref", CatalogLimits.MaxExternalRefLength);

        Pricebook? book;
        if (id is { } given)
            book = await FindAsync(db.Pricebooks, p => p.StoreId == store && p.Id == given, ct) ?? throw new PriceObjectException("data.id", $"price book {given} not found");
        else
            book = (externalRef is null ? null : await FindAsync(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef, ct))
                ?? await FindAsync(db.Pricebooks, p => p.StoreId == store && p.Id == newId, ct);
        if (externalRef is not null && await FindAsync(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef, ct) is { } holder && holder != book)
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

    async Task ApplyPriceAsync(JsonElement data, Guid newId, CancellationToken ct)
    {
        var id = OptionalId(data, "data", "id");
        var book = await PricebookOfAsync(data, ct);
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
            price = await FindAsync(db.ProductPrices, p => p.StoreId == store && p.Id == given, ct) ?? throw new PriceObjectException("data.id", $"price {given} not found");
        else
            price = (externalRef is null ? null : await FindAsync(db.ProductPrices, p => p.StoreId == store && p.ExternalRef == externalRef, ct))
                ?? await FindAsync(db.ProductPrices, p => p.PricebookId == book.Id && p.Sku == sku, ct)
                ?? await FindAsync(db.ProductPrices, p => p.StoreId == store && p.Id == newId, ct);
        if (await FindAsync(db.ProductPrices, p => p.PricebookId == book.Id && p.Sku == sku, ct) is { } sameSku && sameSku != price)
            throw new PriceObjectException("data.attributes.sku", $"the price book already has another price for the sku '{sku}'");
        if (externalRef is not null && await FindAsync(db.ProductPrices, p => p.StoreId == store && p.ExternalRef == externalRef, ct) is { } holder && holder != price)
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
    async Task<Pricebook> PricebookOfAsync(JsonElement data, CancellationToken ct)
    {
        if (OptionalId(data, "data", "pricebook_id") is { } id)
            return await FindAsync(db.Pricebooks, p => p.StoreId == store && p.Id == id, ct) ?? throw new PriceObjectException("data.pricebook_id", $"price book {id} not found");
        if (OptionalString(data, "data", "pricebook_external_ref", CatalogLimits.MaxExternalRefLength) is { } externalRef)
            return await FindAsync(db.Pricebooks, p => p.StoreId == store && p.ExternalRef == externalRef, ct)
                ?? throw new PriceObjectException("data.pricebook_external_ref", $"no price book has the external_ref '{externalRef}'");
        throw new PriceObjectException("data.pricebook_id", "a price needs pricebook_id or pricebook_external_ref");
    }

    /// <summary>
    /// The row matching <paramref name="match"/> as this batch has left it: one added or changed earlier in the batch
    /// counts by its current values, one in the database only when the batch has not changed it away from the match.
    /// </summary>
    static async Task<T?> FindAsync<T>(DbSet<T> set, Expression<Func<T, bool>> match, CancellationToken ct)
        where T : class
    {
        var test = match.Compile();
        return set.Local.FirstOrDefault(test) ?? (await set.Where(match).ToListAsync(ct)).FirstOrDefault(test);
    }
}
