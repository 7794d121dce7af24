using Jobs.Contracts;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jobs.Worker.Persistence;

/// <summary>The triggers behind <see cref="JobCount"/>, in each provider's dialect, for the migrations to apply.</summary>
static class JobCountTriggers
{
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
    /// PostgreSQL: statement-level triggers over transition tables, so that a statement touching many jobs
    /// updates each count once. (Row-level triggers would update the same count row once per job, and
    /// PostgreSQL slows down badly when one transaction updates one row many times.)
    /// </summary>
    public static void CreatePostgres(MigrationBuilder migrationBuilder)
    {
        Seed(migrationBuilder);
        // Counts change in (status, type) order in every transaction, so two never wait on each other crosswise.
        const string Apply = """
            INSERT INTO job_counts (status, type, count)
            SELECT status, type, sum(delta) FROM deltas GROUP BY status, type HAVING sum(delta) <> 0 ORDER BY status, type
            ON CONFLICT (status, type) DO UPDATE SET count = job_counts.count + EXCLUDED.count;
            """;
        migrationBuilder.Sql($"""
            CREATE FUNCTION jobs_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                WITH deltas AS (SELECT status, type, 1 AS delta FROM new_jobs)
                {Apply}
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql($"""
            CREATE FUNCTION jobs_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                WITH changed AS (
                    SELECT o.status AS old_status, o.type AS old_type, n.status AS new_status, n.type AS new_type
                    FROM old_jobs o JOIN new_jobs n ON n.id = o.id
                    WHERE o.status <> n.status OR o.type <> n.type),
                deltas AS (
                    SELECT old_status AS status, old_type AS type, -1 AS delta FROM changed
                    UNION ALL
                    SELECT new_status, new_type, 1 FROM changed)
                {Apply}
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql($"""
            CREATE FUNCTION jobs_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                WITH deltas AS (SELECT status, type, -1 AS delta FROM old_jobs)
                {Apply}
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_count_insert();");
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_update AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_count_update();");
        migrationBuilder.Sql("CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_count_delete();");
    }

    public static void DropPostgres(MigrationBuilder migrationBuilder)
    {
        foreach (var change in new[] { "insert", "update", "delete" })
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS jobs_count_{change} ON jobs;");
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS jobs_count_{change}();");
        }
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
}
