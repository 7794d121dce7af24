using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Children;

/// <summary>
/// What a build makes, worked out before anything is written: the product's variations in order (sort order, then
/// name), each option's slug part, and every combination of one option per variation; or why there is nothing to build.
/// </summary>
sealed class ChildPlan
{
    public IReadOnlyList<Combination> Combinations { get; private init; } = [];

    /// <summary>Why the build cannot go ahead, as the job's error; null when it can.</summary>
    public string? Error { get; private init; }

    public static async Task<ChildPlan> MakeAsync(CatalogDbContext db, Product parent, CancellationToken ct)
    {
        var variationIds = await db.ProductVariations.Where(pv => pv.StoreId == parent.StoreId && pv.ProductId == parent.Id).Select(pv => pv.VariationId).ToListAsync(ct);
        var variations = (await db.Variations.AsNoTracking().Include(v => v.Options)
                .Where(v => v.StoreId == parent.StoreId && variationIds.Contains(v.Id)).ToListAsync(ct))
            .OrderBy(v => v.SortOrder ?? int.MaxValue).ThenBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Id).ToList();
        if (variations.Count == 0)
            return Failed($"product {parent.Id} has no variations: there are no child products to build");

        var choices = new List<IReadOnlyList<Choice>>();
        long count = 1;
        foreach (var variation in variations)
        {
            if (variation.Options.Count == 0)
                return Failed($"variation '{variation.Name}' has no options: there are no child products to build");
            var options = new List<Choice>();
            foreach (var option in variation.Options.OrderBy(o => o.SortOrder ?? int.MaxValue).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id))
            {
                if (!OptionSlugs.TryMake(option.Name, out var part))
                    return Failed($"slug must be URL compatible: option '{option.Name}' of variation '{variation.Name}' cannot make one (use ASCII letters, digits, spaces, '-', '_' or '.')");
                options.Add(new Choice(option, part));
            }

            count *= options.Count;
            if (count > CatalogLimits.MaxChildProducts)
                return Failed($"the variations of product {parent.Id} make more than {CatalogLimits.MaxChildProducts} child products");
            choices.Add(options);
        }

        var combinations = new List<Combination>();
        Expand(choices, 0, [], combinations);
        var tooLong = combinations.Select(c => c.ToChild(parent, default)).FirstOrDefault(c =>
            c.Name.Length > CatalogLimits.MaxNameLength || c.Sku?.Length > CatalogLimits.MaxCodeLength || c.Slug?.Length > CatalogLimits.MaxCodeLength);
        return tooLong is null
            ? new ChildPlan { Combinations = combinations }
            : Failed($"the child product '{tooLong.Name}' would have a name, sku or slug longer than the catalog takes ({CatalogLimits.MaxNameLength} characters for a name, {CatalogLimits.MaxCodeLength} for a sku or slug)");
    }

    static void Expand(List<IReadOnlyList<Choice>> choices, int depth, List<Choice> chosen, List<Combination> into)
    {
        if (depth == choices.Count)
        {
            into.Add(new Combination([.. chosen]));
            return;
        }

        foreach (var choice in choices[depth])
        {
            chosen.Add(choice);
            Expand(choices, depth + 1, chosen, into);
            chosen.RemoveAt(chosen.Count - 1);
        }
    }

    static ChildPlan Failed(string error) => new() { Error = error };

    /// <summary>One option chosen for one variation, with its slug part.</summary>
    public sealed record Choice(VariationOption Option, string Part);

    /// <summary>One child: an option of every variation, in the variations' order.</summary>
    public sealed record Combination(IReadOnlyList<Choice> Choices)
    {
        /// <summary>
        /// The child: its id from the parent's and the options' ids, its name the parent's followed by the option names,
        /// its sku and slug the parent's followed by the slug parts (none when the parent has none).
        /// </summary>
        public Product ToChild(Product parent, DateTime now)
        {
            var ids = new Guid[Choices.Count];
            for (var i = 0; i < ids.Length; i++)
                ids[i] = Choices[i].Option.Id;
            var suffix = string.Join('-', Choices.Select(c => c.Part));
            return new Product
            {
                Id = DerivedIds.From(parent.Id, ids),
                StoreId = parent.StoreId,
                ParentId = parent.Id,
                Name = $"{parent.Name} {string.Join(' ', Choices.Select(c => c.Option.Name))}",
                Description = parent.Description,
                Sku = parent.Sku is null ? null : $"{parent.Sku}-{suffix}",
                Slug = parent.Slug is null ? null : $"{parent.Slug}-{suffix}",
                Status = parent.Status,
                CommodityType = parent.CommodityType,
                CreatedAt = now,
                UpdatedAt = now,
            };
        }
    }
}
