using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jobs.Worker.SagaRepository;

/// <summary>
/// Loads one row by primary key so that no other transaction can change it until ours ends.
/// PostgreSQL gets <c>SELECT … FOR UPDATE</c>; SQLite has no row locks, but a write transaction there
/// (<c>BEGIN IMMEDIATE</c>, what Microsoft.Data.Sqlite opens) already excludes every other writer.
/// </summary>
public static class RowLock
{
    const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>True on PostgreSQL, which has row locks (and <c>SKIP LOCKED</c>); false on SQLite, which has one writer at a time.</summary>
    public static bool HasRowLocks(this DbContext dbContext) => dbContext.Database.ProviderName == NpgsqlProvider;

    /// <summary>Loads and tracks the entity with the given key, locked until the current transaction ends.</summary>
    /// <returns>The entity, or null when no row has that key.</returns>
    public static Task<TEntity?> FindLockedAsync<TEntity>(this DbContext dbContext, object key, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (dbContext.Database.CurrentTransaction is null)
            throw new InvalidOperationException($"Locking a {typeof(TEntity).Name} row needs an open transaction.");

        var entityType = dbContext.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of {dbContext.GetType().Name}.");
        var keyColumn = entityType.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var sql = dbContext.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
        var lockClause = dbContext.HasRowLocks() ? " FOR UPDATE" : "";

        // The table and column names come from the model, never from input; the key is a parameter.
        var statement = $"SELECT * FROM {table} WHERE {sql.DelimitIdentifier(keyColumn)} = {{0}}{lockClause}";
        return dbContext.Set<TEntity>()
            .FromSqlRaw(statement, key)
            .AsTracking()
            .SingleOrDefaultAsync(cancellationToken);
    }
}
