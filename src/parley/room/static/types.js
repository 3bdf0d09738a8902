// The shapes of the data the pages receive from the server (see parley.room.views and parley.room.api),
// as JSDoc types for the type check (tsc --noEmit, checkJs). Types only: the pages import it with
// `@import` tags, which leave no import in the code, so the browser never loads this file.

/**
 * A value of an issue's option, as the scenario writes it (a number or a text).
 * @typedef {string | number | boolean} OptionValue
 */

/**
 * A package: each issue's chosen value, by issue name.
 * @typedef {Record<string, OptionValue>} Package
 */

/**
 * An issue and its options, for the offer builder.
 * @typedef {object} Issue
 * @property {string} name
 * @property {string} kind
 * @property {OptionValue[]} options
 */

/**
 * A party at the table and who plays its seat.
 * @typedef {object} Party
 * @property {string} name
 * @property {"person" | "agent"} seat
 */

/**
 * Whose move the table waits for, and what it is asked ("propose" or "respond"); in a process room
 * also the seat's role and the kind of ask ("propose", "respond", "refer", "ratify", "draft").
 * @typedef {object} Awaiting
 * @property {string} party
 * @property {string} kind
 * @property {string} [role]
 * @property {string} [ask]
 */

/**
 * A stage of a process room.
 * @typedef {object} StageInfo
 * @property {string} name
 * @property {string[]} issues
 * @property {string} protocol
 * @property {number} rounds the stage's deadline in rounds
 * @property {string} status "waiting", "open", "agreed", "deadline", "broken_off", "not_reached"
 * @property {number | null} [round] the stage's own round while it is played
 * @property {number | null} [time_limit_s]
 * @property {string | null} [opened_at] when the stage being played opened (UTC), where it has a time limit
 */

/**
 * A stage's agreement and where it stands.
 * @typedef {object} AgreementInfo
 * @property {string} stage
 * @property {string} status "initialled", "signed", "ratified", "in_force", "abandoned", "broken_down"
 * @property {Package} package over the stage's issues
 */

/**
 * A point of the front: a variable's value from a round on.
 * @typedef {object} FrontPoint
 * @property {number} round
 * @property {string} variable
 * @property {number} value
 * @property {string} reason
 */

/**
 * A process room's progress (``room.process``).
 * @typedef {object} ProcessInfo
 * @property {StageInfo[]} stages
 * @property {string | null} current
 * @property {AgreementInfo[]} agreements
 * @property {Record<string, boolean | null>} ratification
 * @property {string} status
 * @property {FrontPoint[]} front
 * @property {string[]} assumptions
 * @property {Package} fixed the options the stage being played leaves standing
 */

/**
 * What a principal is asked about, or what a ratifying body votes on.
 * @typedef {object} Question
 * @property {string | null} stage
 * @property {Package} package
 * @property {number | null} [principal_utility]
 * @property {number | null} [delegation_utility]
 * @property {number | null} [authority_limit]
 */

/**
 * What anyone in the room may know (``public_room``).
 * @typedef {object} RoomInfo
 * @property {string} id
 * @property {string} title
 * @property {string} protocol "alternating", "simultaneous" or "single-text"
 * @property {number} rounds
 * @property {number} round 0-based
 * @property {Party[]} parties
 * @property {"open" | "ended" | "closed"} status
 * @property {Awaiting | null} awaiting
 * @property {string | null} ending
 * @property {Package | null} agreement
 * @property {number} seq the room's log position as the caller may know it
 * @property {Issue[]} issues
 * @property {ProcessInfo} [process] a process room's stages, agreements and front
 * @property {boolean} [running] sent while the agents play on after the request that started them
 */

/**
 * Utilities of one package by party; null where the package crosses the party's red line.
 * @typedef {Record<string, number | null>} Utilities
 */

/**
 * An event of the record, its package written out, with the utilities the view may carry.
 * @typedef {object} RecordEvent
 * @property {string} kind "offer", "accept", "text", "referral_decision", …
 * @property {number} round 0-based
 * @property {string | null} party
 * @property {number[] | null} outcome the package as option indices
 * @property {Package | null} package
 * @property {Record<string, unknown>} [data] e.g. ``{approved, rounds_lost}`` for a referral decision
 * @property {Utilities} [utility]
 */

/**
 * A task of a mandate.
 * @typedef {object} Task
 * @property {string} name
 * @property {boolean} required
 * @property {number} bonus
 * @property {string} condition
 */

/**
 * A party's instructions (``mandate_json``); the details only where the party has a mandate.
 * @typedef {object} Mandate
 * @property {string} party
 * @property {number} reservation_value
 * @property {number} authority_limit
 * @property {number} [referral_rounds]
 * @property {string} [summary]
 * @property {Package | null} [opening]
 * @property {Record<string, number>} [weights]
 * @property {Task[]} [tasks]
 * @property {string[]} [red_lines] every red line that binds the delegation, in words
 * @property {string[]} [rules] the scenario's rules, binding every party
 */

/**
 * A delegation's turn: what it is asked, the package on the table and the moves it may make.
 * @typedef {object} Turn
 * @property {string} kind "propose" or "respond"
 * @property {Package | null} offer
 * @property {string[]} allowed "offer", "accept", "reject", "refer_back", "walk_away"
 * @property {number | null} [offer_utility]
 */

/**
 * A move sent by a person's seat that waits for the other seats (simultaneous protocols).
 * @typedef {object} PendingMove
 * @property {string} action
 * @property {number[] | null} package
 */

/**
 * A suggested compromise for a delegation.
 * @typedef {object} Suggestion
 * @property {Package} package
 * @property {number[]} indices
 * @property {number} own_utility
 * @property {number | null} their_estimate
 * @property {boolean} needs_referral
 */

/**
 * A note of the room.
 * @typedef {object} Note
 * @property {number} seq
 * @property {string} by the author's role
 * @property {string | null} party
 * @property {string} at ISO time
 * @property {string} text
 * @property {boolean} private
 */

/**
 * What a role sees of a room (``GET /api/rooms/{id}``): the fields every role gets, and those only some
 * get (a delegation: party to agreement_utility; a mediator: grants and what they grant; the
 * facilitator: every mandate, seat and pending move).
 * @typedef {object} RoomView
 * @property {"delegation" | "mediator" | "observer" | "facilitator" | "principal" | "ratifier"} role
 * @property {RoomInfo} room
 * @property {RecordEvent[]} record
 * @property {Note[]} [notes]
 * @property {string} [party]
 * @property {"person" | "agent"} [seat]
 * @property {Mandate} [mandate]
 * @property {Turn | null} [turn]
 * @property {PendingMove[] | Record<string, PendingMove[]>} [pending]
 * @property {Suggestion[]} [suggestions]
 * @property {Utilities | null} [agreement_utility]
 * @property {string[]} [grants]
 * @property {Record<string, Mandate>} [mandates]
 * @property {Record<string, number>} [reservation_values]
 * @property {Record<string, Record<string, unknown>>} [seats]
 * @property {{entries: number, head: string}} [log]
 * @property {Question | null} [referral] a principal's pending referral
 * @property {Question | null} [ballot] a ratifying body's pending vote
 * @property {string} [name] a ratifying body's name
 * @property {boolean} [asked] a person mediator is asked to table the next text
 */

/**
 * A delegation's view: a RoomView with the delegation's own fields present.
 * @typedef {RoomView & {
 *   role: "delegation",
 *   party: string,
 *   seat: "person" | "agent",
 *   mandate: Mandate,
 *   turn: Turn | null,
 *   pending: PendingMove[],
 *   suggestions: Suggestion[],
 *   agreement_utility: Utilities | null,
 * }} DelegationView
 */

/**
 * A message on one of the room's channels.
 * @typedef {object} RoomMessage
 * @property {number} seq
 * @property {string} at
 * @property {string} channel "table", "caucus:{party}" or "mediator:{party}"
 * @property {string} by the sender's role
 * @property {string | null} party
 * @property {string} text
 * @property {Package | null} [package] a package the message proposes
 */

/**
 * The channels a role may write and read, and the messages it may read (``GET …/messages``).
 * @typedef {object} MessagesView
 * @property {string[]} writable
 * @property {string[]} readable
 * @property {RoomMessage[]} messages
 */

/**
 * What a move or a note did (``Applied``).
 * @typedef {object} Applied
 * @property {boolean} duplicate the server had it already (a retry)
 * @property {number} seq
 * @property {Record<string, unknown>[]} entries
 */

/**
 * A live update: the room's new log position.
 * @typedef {object} Update
 * @property {string} room
 * @property {number} seq
 */

/**
 * A room in the facilitator's list (``RoomSummary``).
 * @typedef {object} RoomSummary
 * @property {string} id
 * @property {string} title
 * @property {string} status
 * @property {number} seq
 * @property {string[]} parties
 * @property {string | null} [class_id] the class the room belongs to
 * @property {string} [class_name]
 * @property {string} [opened_at]
 * @property {boolean} [running] whether its agents still play on in the background
 * @property {string} [problem] a broken room's (status "broken"): why its log does not rebuild it
 */

/**
 * A new class: its rooms with their join links, and the links as CSV (``ClassCreated``).
 * @typedef {object} ClassCreated
 * @property {string} id
 * @property {string} name
 * @property {{id: string, title: string, links: Record<string, {token: string, url: string}>}[]} rooms
 * @property {string} links_csv
 */

/**
 * A new room and its join links, one per role (``RoomCreated``).
 * @typedef {object} RoomCreated
 * @property {string} id
 * @property {Record<string, {token: string, url: string}>} links
 */

/**
 * The check of a room's hash chain (``Verification``).
 * @typedef {object} Verification
 * @property {string} room
 * @property {number} entries
 * @property {boolean} valid
 * @property {string[]} problems
 */

export {};
