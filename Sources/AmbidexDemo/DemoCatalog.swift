import AmbidexCore

/// The fixed cast of the demo company: units, partners, offerings and the
/// customization features each strategy lets customers choose.
enum DemoCatalog {
    static let companyName = "Lindqvist Drive Systems"

    static let units: [Unit] = [
        Unit(id: "U-sales", name: "Sales", function: .sales),
        Unit(id: "U-eng", name: "Engineering", function: .engineering),
        Unit(id: "U-plan", name: "Planning", function: .planning),
        Unit(id: "U-purch", name: "Purchasing", function: .purchasing),
        Unit(id: "U-prod", name: "Production", function: .production),
        Unit(id: "U-log", name: "Logistics", function: .logistics),
        Unit(id: "U-serv", name: "Service", function: .service),
        Unit(id: "U-qa", name: "Quality", function: .quality),
    ]

    static let customers: [Partner] = [
        "Nordwerk Pumpen", "Baltic Marine Yards", "Skagerrak Mining", "Helsing Paper", "Vasa Water Utility",
        "Rhein Chemie Anlagen", "Tallinn Port Cranes", "Göta Food Processing", "Oulu Steelworks", "Aarhus Wind Service",
        "Bergen Offshore", "Kraków HVAC", "Malmö Cement", "Linz Conveyor Systems",
    ].enumerated().map { Partner(id: PartnerID(String(format: "C-%02d", $0.offset + 1)), name: $0.element, kind: .customer) }

    static let suppliers: [Partner] = [
        "Stålverk Castings", "Elmotor Nord", "Precision Bearings GmbH", "Kabel & Kontakt", "Sensorik AB", "Freight Nordic",
    ].enumerated().map { Partner(id: PartnerID(String(format: "S-%02d", $0.offset + 1)), name: $0.element, kind: .supplier) }

    static let mix: [(DeliveryStrategy, Double)] = [(.mts, 0.35), (.ato, 0.20), (.mto, 0.15), (.cto, 0.18), (.eto, 0.12)]

    static let offerings: [DeliveryStrategy: [String]] = [
        .mts: ["Standard gear motor GM-40", "Spare bearing kit", "Coupling set C-12", "Frequency converter FC-2"],
        .ato: ["Modular gearbox MG series", "Drive package DP (catalogue modules)"],
        .mto: ["Hollow-shaft gearbox HS-90", "Heavy-duty coupling HD-7"],
        .cto: ["Configurable drive unit CDU", "Conveyor drive kit CK"],
        .eto: ["Custom mill drive", "Offshore winch drive", "Special crane drive system"],
    ]

    /// Features and their possible values, per customized strategy.
    static let features: [DeliveryStrategy: [(String, [String])]] = [
        .ato: [("gearbox module", ["MG-2", "MG-3", "MG-4"]), ("motor module", ["11 kW", "22 kW", "37 kW"]),
               ("mounting", ["foot", "flange"])],
        .cto: [("motor power", ["15 kW", "22 kW", "37 kW", "55 kW"]), ("ratio", ["1:10", "1:20", "1:40"]),
               ("enclosure", ["IP55", "IP66"]), ("voltage", ["400 V", "690 V"]), ("sensor pack", ["none", "vibration", "full"]),
               ("paint", ["RAL 5010", "RAL 7035"])],
        .eto: [("drive interface", ["custom flange", "hydraulic coupling", "direct drive"]), ("load profile", ["cyclic", "shock", "continuous"]),
               ("environment", ["offshore", "dust", "ATEX zone 2", "arctic"]), ("standard", ["DNV", "ABS", "EN 13001"]),
               ("power", ["250 kW", "400 kW", "630 kW", "1 MW"]), ("control", ["PLC integration", "remote monitoring"])],
    ]

    static let people: [UnitID: [String]] = [
        "U-sales": ["Anna Berg", "Jonas Ek", "Mira Holm"], "U-eng": ["Eva Lund", "Piotr Nowak", "Sara Dahl", "Karl Frost"],
        "U-plan": ["Lena Sund", "Omar Haddad"], "U-purch": ["Nils Strand", "Ida Vik"],
        "U-prod": ["CNC-1", "CNC-2", "Assembly line A", "Assembly line B", "Test bench"],
        "U-log": ["Tove Ås", "Warehouse team"], "U-serv": ["Erik Moe", "Hanna Lie"], "U-qa": ["Birgit Sjö", "Felix Kron"],
    ]

    /// Which units do the work of each stage.
    static let stageUnits: [Stage: [UnitID]] = [
        .design: ["U-eng", "U-qa"], .source: ["U-purch", "U-plan"], .fabricate: ["U-prod", "U-plan"],
        .assemble: ["U-prod", "U-qa"], .deliver: ["U-log", "U-serv"],
    ]

    static let activities: [Stage: [String]] = [
        .design: ["clarify requirements", "engineer solution", "design review"],
        .source: ["order components", "confirm supplier dates"],
        .fabricate: ["machine housing", "wind motor", "plan capacity"],
        .assemble: ["assemble drive", "final test"],
        .deliver: ["ship", "commission on site"],
    ]
}
