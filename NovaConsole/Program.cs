using NovaConsole.Hosting;

await NovaConsoleApp.Create(args).RunAsync();
