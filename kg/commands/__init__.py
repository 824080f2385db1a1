"""One module per `kg` subcommand; cli.COMMANDS maps names to them."""
