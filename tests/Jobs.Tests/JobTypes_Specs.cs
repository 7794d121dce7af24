using Jobs.Contracts;

namespace Jobs.Tests;

/// <summary>
/// The job types' definitions are the one place a type and its parameters are defined: they must be usable as
/// they stand by everything that reads them (the database's columns, the rules, the API's meta).
/// </summary>
public sealed class JobTypes_Specs
{
    [Fact]
    public void Every_type_has_a_unique_name_that_fits_its_column()
    {
        Assert.Equal(JobTypes.All.Count, JobTypes.All.Distinct().Count());
        Assert.All(JobTypes.All, name => Assert.InRange(name.Length, 1, JobLimits.MaxJobTypeLength));
    }

    [Fact]
    public void Every_parameter_has_a_usable_name_and_bound_and_one_meaning_across_types()
    {
        var parameters = JobTypes.Definitions.SelectMany(d => d.Parameters).ToList();

        Assert.All(parameters, p => Assert.True(SubmitJobRules.IsParameterName(p.Name), $"'{p.Name}' is not a usable parameter name"));
        Assert.All(parameters, p => Assert.InRange(p.MaxLength, 36, JobLimits.MaxParameterValueLength));
        Assert.All(JobTypes.Definitions, d => Assert.Equal(d.Parameters.Count, d.Parameters.Select(p => p.Name).Distinct().Count()));
        // One name, one meaning: a parameter two types share is the same parameter (the API's meta names it once).
        Assert.All(parameters.GroupBy(p => p.Name), same => Assert.Single(same.Distinct()));
    }

    [Fact]
    public void A_submission_with_the_required_parameters_of_its_type_is_valid_and_without_one_it_is_not()
    {
        foreach (var definition in JobTypes.Definitions)
        {
            var required = definition.Parameters.Where(p => p.Required)
                .ToDictionary(p => p.Name, p => p.Kind == JobParameterKind.Uuid ? Guid.NewGuid().ToString() : "x");
            var complete = new SubmitJob { JobId = Guid.NewGuid(), JobType = definition.Name, Parameters = required };

            Assert.Empty(SubmitJobRules.Check(complete));
            foreach (var name in required.Keys)
            {
                var problem = Assert.Single(SubmitJobRules.Check(complete with { Parameters = required.Where(p => p.Key != name).ToDictionary() }));
                Assert.Equal(SubmitJobRules.ParameterField(name), problem.Field);
            }
        }
    }
}
