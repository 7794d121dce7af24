namespace Jobs.Worker.Running;

/// <summary>
/// Puts a started job back in line, at its old place. Sent when a run was abandoned (its lease expired)
/// or handed back on shutdown. Answered with <see cref="JobPutBackInLine"/>; stale when the attempt is not
/// the one running.
/// </summary>
/// <param name="JobId">The started job.</param>
/// <param name="Attempt">The attempt being given up.</param>
/// <param name="ReleaseAttempt">True when the attempt should not count towards the limit (a clean hand-back).</param>
public record PutJobBackInLine(Guid JobId, int Attempt, bool ReleaseAttempt);
