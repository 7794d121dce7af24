using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.BrowserTests;

/// <summary>Signing in with a client's id and secret or with a token, for one store at a time, and signing out.</summary>
public sealed class SignIn_Specs
{
    [Fact]
    public async Task A_client_id_and_secret_sign_in_to_the_clients_store_and_show_its_jobs()
    {
        await using var server = DashboardServer.Start();
        var job = await server.Api(TestAuth.StoreA).SubmitAsync(JobTypes.ChildProducts);
        await server.Api(TestAuth.StoreA).WaitForStatusAsync(job, JobStatuses.Success);
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();

        var (clientId, secret) = TestAuth.Clients[TestAuth.StoreA];
        page.SignInWithClient(clientId, secret);

        page.WaitUntilSignedIn(TestAuth.StoreA);
        page.WaitForListed((job, JobStatuses.Success));
        Assert.False(page.ShowsSignIn);
    }

    [Fact]
    public async Task A_wrong_secret_shows_the_apis_refusal_and_stays_signed_out()
    {
        await using var server = DashboardServer.Start();
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();

        page.SignInWithClient(TestAuth.Clients[TestAuth.StoreA].ClientId, "not-the-secret");

        var error = page.WaitForText("sign-in-error");
        Assert.Equal("Sign-in failed. Unauthorized: The client_id and client_secret do not match a client.", error);
        Assert.True(page.ShowsSignIn);
        Assert.Null(browser.Script("return sessionStorage.getItem('jobs-dashboard-token');"));
    }

    [Fact]
    public async Task A_pasted_token_signs_in_to_the_store_it_names()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api(TestAuth.StoreB);
        var job = await api.SubmitAsync(JobTypes.PriceImport);
        await api.WaitForStatusAsync(job, JobStatuses.Success);
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();

        page.SignInWithToken(await api.TokenAsync());

        page.WaitUntilSignedIn(TestAuth.StoreB);
        page.WaitForListed((job, JobStatuses.Success));
    }

    [Fact]
    public async Task A_token_the_api_refuses_is_not_taken()
    {
        await using var server = DashboardServer.Start();
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();

        page.SignInWithToken(TestAuth.Token(server.Clock.GetUtcNow(), key: TestAuth.OtherKey));

        Assert.Equal("The token was not accepted. Unauthorized: Unable to validate access token.", page.WaitForText("sign-in-error"));
        Assert.True(page.ShowsSignIn);
    }

    [Fact]
    public async Task The_token_lasts_a_reload_of_the_tab_and_signing_out_forgets_it()
    {
        await using var server = DashboardServer.Start();
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);

        page.Open();
        page.WaitUntilSignedIn(JobStores.Default);
        browser.Driver.FindElement(OpenQA.Selenium.By.Id("sign-out")).Click();

        Assert.Equal("Signed out.", page.WaitForText("notice"));
        Assert.True(page.ShowsSignIn);
        Assert.Null(browser.Script("return sessionStorage.getItem('jobs-dashboard-token');"));
        page.Open();
        Assert.True(page.ShowsSignIn);
    }
}
