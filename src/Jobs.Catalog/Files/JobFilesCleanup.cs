namespace Jobs.Catalog.Files;

/// <summary>
/// Removing a job's files with the job: what retention calls just before it deletes a job (docs/design.md, "Retention"), so
/// that no upload or export part outlives the job that names it. A download link to a removed file answers <c>404</c>.
/// </summary>
public static class JobFilesCleanup
{
    /// <summary>
    /// Removes every file of <paramref name="storeId"/>'s job <paramref name="jobId"/> (its folder,
    /// <see cref="JobFiles.JobFolder"/>); a job without files is no error, and no other job's files are touched.
    /// </summary>
    public static Task RemoveJobFilesAsync(this IFileStore files, string storeId, Guid jobId, CancellationToken cancellationToken) =>
        files.DeleteAllAsync(JobFiles.JobFolder(storeId, jobId), cancellationToken);
}
