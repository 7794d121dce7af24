namespace Jobs.Worker.Running;

/// <summary>A runner's hold on a store's line: while it lasts, no other runner runs the line.</summary>
/// <param name="StoreId">The store whose line is held.</param>
/// <param name="ClaimId">New for every claim, so that a claim taken over after it ran out is not renewed by its old holder.</param>
sealed record LineClaim(string StoreId, Guid ClaimId);
