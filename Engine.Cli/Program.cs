using ClusterGcn.Engine.Cli;

return CliMain.Run(args, Console.Out, Console.Error);
