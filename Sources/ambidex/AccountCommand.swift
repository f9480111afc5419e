import AmbidexCore
import AmbidexStore
import AmbidexWeb
import ArgumentParser
import Foundation

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "The people who can sign in.",
        subcommands: [AddAccountCommand.self, ListAccountsCommand.self])
}

struct AddAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an account; the password is read from standard input (one line), never from the command line.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Email, used to sign in.") var email: String
    @Option(help: "Name shown in the office.") var name: String
    @Option(help: "lead, member or partner.") var role: String
    @Option(help: "For a partner account: the partner organization's id.") var partner: String?

    func run() async throws {
        guard let role = AccountRole(rawValue: role) else {
            throw ValidationError("--role must be lead, member or partner, not '\(role)'")
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandError("give the password on standard input, e.g. printf '%s\\n' \"$PASSWORD\" | ambidex account add …")
        }
        let hash: String
        do { hash = try Passwords.hash(line) } catch { throw CommandError("a password needs at least \(Passwords.minimumLength) characters") }
        let account = Account(id: .init("A-" + UUID().uuidString.prefix(8).lowercased()), email: email, name: name, role: role,
                              partner: partner.map { .init($0) })
        let store = try await storeOptions.open()
        do {
            try await store.createAccount(account, passwordHash: hash)
        } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
        print("Added \(role.rawValue) \(account.email.lowercased()).")
    }
}

struct ListAccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let store = try await storeOptions.open()
        let accounts = try await store.accounts()
        await store.shutdown()
        for a in accounts { print("\(a.email)  \(a.role.rawValue)  \(a.name)" + (a.partner.map { "  partner \($0.rawValue)" } ?? "")) }
        if accounts.isEmpty { print("No accounts yet: add one with `ambidex account add`.") }
    }
}
