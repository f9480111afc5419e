import AmbidexStore
import AmbidexWeb
import ArgumentParser
import Foundation

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API tokens for scripts and integrations (Authorization: Bearer …), acting with their owner's role.",
        subcommands: [CreateTokenCommand.self, ListTokensCommand.self, RevokeTokenCommand.self])
}

struct CreateTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a token for an account and print it, once.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The account the token acts as.") var email: String
    @Option(help: "What the token is for.") var name = "command line"

    func run() async throws {
        let made = APITokens.make()
        let store = try await storeOptions.open()
        let token: APIToken
        do { token = try await store.createAPIToken(email: email, name: name, tokenHash: made.hash) } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
        FileHandle.standardError.write(Data("Made token \(token.id) (\(token.name)) for \(token.email); it is shown once, keep it like a password:\n".utf8))
        print(made.token)
    }
}

struct ListTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never the tokens themselves).")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this account's tokens.") var email: String?

    func run() async throws {
        let store = try await storeOptions.open()
        let tokens: [APIToken]
        do { tokens = try await store.apiTokens(email: email) } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
        let day = { (d: Date) in d.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)) }
        for t in tokens {
            print("\(t.id)  \(t.email)  \(t.name)  made \(day(t.created))  last used \(t.lastUsed.map(day) ?? "never")"
                  + (t.revoked.map { "  revoked \(day($0))" } ?? ""))
        }
        if tokens.isEmpty { print("No tokens" + (email.map { " of \($0)" } ?? "") + ": make one with `ambidex token create --email E`.") }
    }
}

struct RevokeTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: requests carrying it are refused from now on.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The token's id (T-…, from `ambidex token list`).") var id: String

    func run() async throws {
        let store = try await storeOptions.open()
        do { try await store.revokeAPIToken(id: id) } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
        print("Revoked \(id).")
    }
}
