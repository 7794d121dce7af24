using Jobs.Contracts;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jobs.Worker.Persistence;

/// <summary>
/// The triggers behind <see cref="JobCount"/>, in each provider's dialect, for the migrations to apply. A migration
/// never changes once released, so each version of the triggers stays here as that migration applied it: the
/// first release counted per status and type (<c>Initial</c>), the next per store, status and type (<c>Stores</c>), the
/// next in stripes on PostgreSQL (<c>ParallelSubmissions</c>).
/// </summary>
public static class JobCountTriggers
{
    /// <summary>How many stripes a count is split over on PostgreSQL (see <see cref="JobCount"/>).</summary>
    public const int Stripes = 16;

    /// <summary>Every (status, type) row, starting from the jobs already recorded.</summary>
    static void Seed(MigrationBuilder migrationBuilder)
    {
        foreach (var status in JobStatuses.All)
        {
            foreach (var type in JobTypes.All)
                migrationBuilder.Sql($"INSERT INTO job_counts (status, type, count) VALUES ('{status}', '{type}', 0);");
        }

        migrationBuilder.Sql("UPDATE job_counts SET count = (SELECT count(*) FROM jobs WHERE jobs.status = job_counts.status AND jobs.type = job_counts.type);");
    }

    /// <summary>
    /// PostgreSQL: row-level triggers, the update one only when a status or type changes (never for a lease
    /// renewal), so that a job's transition costs one small extra update. A bulk load should disable them and
    /// recompute the counts afterwards (<see cref="RecountSql"/>): one transaction updating the same count
    /// row very many times slows PostgreSQL down badly.
    /// </summary>
    public static void CreatePostgres(MigrationBuilder migrationBuilder)
    {
        Seed(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    UPDATE job_counts SET count = count - 1 WHERE status = OLD.status AND type = OLD.type;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO job_counts (status, type, count) VALUES (NEW.status, NEW.type, 1)
                    ON CONFLICT (status, type) DO UPDATE SET count = job_counts.count + 1;
                END IF;
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_count_change();");
        migrationBuilder.Sql("""
            CREATE TRIGGER jobs_count_update AFTER UPDATE OF status, type ON jobs FOR EACH ROW
            WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.type IS DISTINCT FROM NEW.type)
            EXECUTE FUNCTION jobs_count_change();
            """);
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_count_change();");
    }

    public static void DropPostgres(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_insert ON jobs;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_update ON jobs;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_delete ON jobs;");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS jobs_count_change();");
    }

    public static void CreateSqlite(MigrationBuilder migrationBuilder)
    {
        Seed(migrationBuilder);
        const string Increment = """
            INSERT OR IGNORE INTO job_counts (status, type, count) VALUES (NEW.status, NEW.type, 0);
            UPDATE job_counts SET count = count + 1 WHERE status = NEW.status AND type = NEW.type;
            """;
        const string Decrement = "UPDATE job_counts SET count = count - 1 WHERE status = OLD.status AND type = OLD.type;";
        migrationBuilder.Sql($"CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs BEGIN {Increment} END;");
        migrationBuilder.Sql($"""
            CREATE TRIGGER jobs_count_update AFTER UPDATE OF status, type ON jobs
            WHEN OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type
            BEGIN {Decrement} {Increment} END;
            """);
        migrationBuilder.Sql($"CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs BEGIN {Decrement} END;");
    }

    public static void DropSqlite(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_insert;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_update;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS jobs_count_delete;");
    }

    /// <summary>Recomputes every count from the jobs table, after a load with the triggers disabled.</summary>
    public const string RecountSql = """
        DELETE FROM job_counts;
        INSERT INTO job_counts (store_id, status, type, count) SELECT store_id, status, type, count(*) FROM jobs GROUP BY store_id, status, type;
        """;

    /// <summary>PostgreSQL's count function per store, status and type, one row each (the <c>Stores</c> migration's).</summary>
    const string PerStoreFunctionSql = """
        CREATE OR REPLACE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                UPDATE job_counts SET count = count - 1 WHERE store_id = OLD.store_id AND status = OLD.status AND type = OLD.type;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO job_counts (store_id, status, type, count) VALUES (NEW.store_id, NEW.status, NEW.type, 1)
                ON CONFLICT (store_id, status, type) DO UPDATE SET count = job_counts.count + 1;
            END IF;
            RETURN NULL;
        END $$;
        """;

    /// <summary>PostgreSQL, per store: the same triggers, keyed by store as well, and the counts recomputed.</summary>
    public static void CreatePerStorePostgres(MigrationBuilder migrationBuilder)
    {
        DropPostgres(migrationBuilder);
        migrationBuilder.Sql(PerStoreFunctionSql);
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_count_change();");
        migrationBuilder.Sql("""
            CREATE TRIGGER jobs_count_update AFTER UPDATE OF store_id, status, type ON jobs FOR EACH ROW
            WHEN (OLD.store_id IS DISTINCT FROM NEW.store_id OR OLD.status IS DISTINCT FROM NEW.status OR OLD.type IS DISTINCT FROM NEW.type)
            EXECUTE FUNCTION jobs_count_change();
            """);
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_count_change();");
        migrationBuilder.Sql(RecountSql);
    }

    /// <summary>
    /// PostgreSQL, in stripes: each connection adds to and takes from its own stripe of a count, so that concurrent
    /// transactions (submissions to one store above all) do not hold one count row's lock each until they commit.
    /// </summary>
    public static void CreateStripedPostgres(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($$"""
            CREATE OR REPLACE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                mine smallint := pg_backend_pid() % {{Stripes}};
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    INSERT INTO job_counts (store_id, status, type, stripe, count) VALUES (OLD.store_id, OLD.status, OLD.type, mine, -1)
                    ON CONFLICT (store_id, status, type, stripe) DO UPDATE SET count = job_counts.count - 1;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO job_counts (store_id, status, type, stripe, count) VALUES (NEW.store_id, NEW.status, NEW.type, mine, 1)
                    ON CONFLICT (store_id, status, type, stripe) DO UPDATE SET count = job_counts.count + 1;
                END IF;
                RETURN NULL;
            END $$;
            """);
    }

    /// <summary>PostgreSQL, back to one row per store, status and type: the stripes folded into stripe 0.</summary>
    public static void DropStripedPostgres(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(PerStoreFunctionSql);
    }

    /// <summary>Folds every stripe of each count into stripe 0: before the stripes' key goes away.</summary>
    public const string FoldStripesSql = """
        CREATE TEMPORARY TABLE job_counts_folded AS SELECT store_id, status, type, sum(count) AS count FROM job_counts GROUP BY store_id, status, type;
        DELETE FROM job_counts;
        INSERT INTO job_counts (store_id, status, type, stripe, count) SELECT store_id, status, type, 0, count FROM job_counts_folded;
        DROP TABLE job_counts_folded;
        """;

    /// <summary>SQLite, per store: the same triggers, keyed by store as well, and the counts recomputed.</summary>
    public static void CreatePerStoreSqlite(MigrationBuilder migrationBuilder)
    {
        DropSqlite(migrationBuilder);
        const string Increment = """
            INSERT OR IGNORE INTO job_counts (store_id, status, type, count) VALUES (NEW.store_id, NEW.status, NEW.type, 0);
            UPDATE job_counts SET count = count + 1 WHERE store_id = NEW.store_id AND status = NEW.status AND type = NEW.type;
            """;
        const string Decrement = "UPDATE job_counts SET count = count - 1 WHERE store_id = OLD.store_id AND status = OLD.status AND type = OLD.type;";
        migrationBuilder.Sql($"CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs BEGIN {Increment} END;");
        migrationBuilder.Sql($"""
            CREATE TRIGGER jobs_count_update AFTER UPDATE OF store_id, status, type ON jobs
            WHEN OLD.store_id IS NOT NEW.store_id OR OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type
            BEGIN {Decrement} {Increment} END;
            """);
        migrationBuilder.Sql($"CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs BEGIN {Decrement} END;");
        migrationBuilder.Sql(RecountSql);
    }
}
