export namespace app {
	
	export class Detail {
	    ticket: ticket.Ticket;
	    descriptionHtml: string;
	    tags: string[];
	    next: string[];
	    timeline: ticket.Event[];
	    links: ticket.LinkedTicket[];
	    openChildren: number;
	    computedPriority: number;
	
	    static createFrom(source: any = {}) {
	        return new Detail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticket = this.convertValues(source["ticket"], ticket.Ticket);
	        this.descriptionHtml = source["descriptionHtml"];
	        this.tags = source["tags"];
	        this.next = source["next"];
	        this.timeline = this.convertValues(source["timeline"], ticket.Event);
	        this.links = this.convertValues(source["links"], ticket.LinkedTicket);
	        this.openChildren = source["openChildren"];
	        this.computedPriority = source["computedPriority"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Download {
	    name: string;
	    mime: string;
	    data: string;
	
	    static createFrom(source: any = {}) {
	        return new Download(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.data = source["data"];
	    }
	}
	export class GroupDTO {
	    id: string;
	    name: string;
	    description: string;
	    createdAt: number;
	    members: string[];
	
	    static createFrom(source: any = {}) {
	        return new GroupDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.createdAt = source["createdAt"];
	        this.members = source["members"];
	    }
	}
	export class Me {
	    user: people.User;
	    groups: string[];
	    profilePath: string;
	    deviceId: string;
	    demoOffered: boolean;
	    testHooks: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Me(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = this.convertValues(source["user"], people.User);
	        this.groups = source["groups"];
	        this.profilePath = source["profilePath"];
	        this.deviceId = source["deviceId"];
	        this.demoOffered = source["demoOffered"];
	        this.testHooks = source["testHooks"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Page {
	    rows: ticket.Row[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], ticket.Row);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ViewDTO {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new ViewDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class Reference {
	    users: people.User[];
	    groups: GroupDTO[];
	    categories: desk.Category[];
	    matrix: number[][];
	    sources: string[];
	    holdReasons: string[];
	    resolutionCodes: string[];
	    views: ViewDTO[];
	
	    static createFrom(source: any = {}) {
	        return new Reference(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = this.convertValues(source["users"], people.User);
	        this.groups = this.convertValues(source["groups"], GroupDTO);
	        this.categories = this.convertValues(source["categories"], desk.Category);
	        this.matrix = source["matrix"];
	        this.sources = source["sources"];
	        this.holdReasons = source["holdReasons"];
	        this.resolutionCodes = source["resolutionCodes"];
	        this.views = this.convertValues(source["views"], ViewDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace desk {
	
	export class Category {
	    name: string;
	    subcategories: string[];
	
	    static createFrom(source: any = {}) {
	        return new Category(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.subcategories = source["subcategories"];
	    }
	}
	export class Settings {
	    autoCloseDays: number;
	    matrix: number[][];
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.autoCloseDays = source["autoCloseDays"];
	        this.matrix = source["matrix"];
	    }
	}

}

export namespace people {
	
	export class User {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    active: boolean;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.active = source["active"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}

}

export namespace ticket {
	
	export class Attachment {
	    id: string;
	    ticketId: string;
	    sha256: string;
	    name: string;
	    mime: string;
	    size: number;
	    authorId: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Attachment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.sha256 = source["sha256"];
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.size = source["size"];
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class AuditEntry {
	    id: string;
	    ticketId: string;
	    actorId: string;
	    at: number;
	    field: string;
	    oldValue: string;
	    newValue: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.actorId = source["actorId"];
	        this.at = source["at"];
	        this.field = source["field"];
	        this.oldValue = source["oldValue"];
	        this.newValue = source["newValue"];
	    }
	}
	export class Comment {
	    id: string;
	    ticketId: string;
	    authorId: string;
	    kind: string;
	    body: string;
	    minutes: number;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Comment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.authorId = source["authorId"];
	        this.kind = source["kind"];
	        this.body = source["body"];
	        this.minutes = source["minutes"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Draft {
	    type: string;
	    title: string;
	    description: string;
	    requesterId: string;
	    category: string;
	    subcategory: string;
	    service: string;
	    ci: string;
	    impact: number;
	    urgency: number;
	    priority: number;
	    priorityReason: string;
	    groupId: string;
	    assigneeId: string;
	    source: string;
	    tags: string[];
	
	    static createFrom(source: any = {}) {
	        return new Draft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.requesterId = source["requesterId"];
	        this.category = source["category"];
	        this.subcategory = source["subcategory"];
	        this.service = source["service"];
	        this.ci = source["ci"];
	        this.impact = source["impact"];
	        this.urgency = source["urgency"];
	        this.priority = source["priority"];
	        this.priorityReason = source["priorityReason"];
	        this.groupId = source["groupId"];
	        this.assigneeId = source["assigneeId"];
	        this.source = source["source"];
	        this.tags = source["tags"];
	    }
	}
	export class Event {
	    kind: string;
	    at: number;
	    actorId: string;
	    actorName: string;
	    comment?: Comment;
	    attachment?: Attachment;
	    audit?: AuditEntry;
	    html?: string;
	
	    static createFrom(source: any = {}) {
	        return new Event(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.comment = this.convertValues(source["comment"], Comment);
	        this.attachment = this.convertValues(source["attachment"], Attachment);
	        this.audit = this.convertValues(source["audit"], AuditEntry);
	        this.html = source["html"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Hit {
	    id: string;
	    number: string;
	    title: string;
	    state: string;
	    priority: number;
	    snippet: string;
	    rank: number;
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.state = source["state"];
	        this.priority = source["priority"];
	        this.snippet = source["snippet"];
	        this.rank = source["rank"];
	    }
	}
	export class LinkedTicket {
	    kind: string;
	    direction: string;
	    id: string;
	    number: string;
	    title: string;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkedTicket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.direction = source["direction"];
	        this.id = source["id"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.state = source["state"];
	    }
	}
	export class Move {
	    to: string;
	    holdReason: string;
	    resolutionCode: string;
	    resolutionNotes: string;
	    reason: string;
	    includeChildren: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Move(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.to = source["to"];
	        this.holdReason = source["holdReason"];
	        this.resolutionCode = source["resolutionCode"];
	        this.resolutionNotes = source["resolutionNotes"];
	        this.reason = source["reason"];
	        this.includeChildren = source["includeChildren"];
	    }
	}
	export class Patch {
	    title?: string;
	    description?: string;
	    requesterId?: string;
	    category?: string;
	    subcategory?: string;
	    service?: string;
	    ci?: string;
	    impact?: number;
	    urgency?: number;
	    priority?: number;
	    priorityReason?: string;
	    groupId?: string;
	    assigneeId?: string;
	    source?: string;
	    tags?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Patch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.requesterId = source["requesterId"];
	        this.category = source["category"];
	        this.subcategory = source["subcategory"];
	        this.service = source["service"];
	        this.ci = source["ci"];
	        this.impact = source["impact"];
	        this.urgency = source["urgency"];
	        this.priority = source["priority"];
	        this.priorityReason = source["priorityReason"];
	        this.groupId = source["groupId"];
	        this.assigneeId = source["assigneeId"];
	        this.source = source["source"];
	        this.tags = source["tags"];
	    }
	}
	export class Query {
	    view: string;
	    type: string;
	    states: string[];
	    priorities: number[];
	    assigneeId: string;
	    groupId: string;
	    requesterId: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.view = source["view"];
	        this.type = source["type"];
	        this.states = source["states"];
	        this.priorities = source["priorities"];
	        this.assigneeId = source["assigneeId"];
	        this.groupId = source["groupId"];
	        this.requesterId = source["requesterId"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Row {
	    id: string;
	    number: string;
	    type: string;
	    title: string;
	    state: string;
	    priority: number;
	    category: string;
	    requesterName: string;
	    assigneeName: string;
	    groupName: string;
	    major: boolean;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Row(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.type = source["type"];
	        this.title = source["title"];
	        this.state = source["state"];
	        this.priority = source["priority"];
	        this.category = source["category"];
	        this.requesterName = source["requesterName"];
	        this.assigneeName = source["assigneeName"];
	        this.groupName = source["groupName"];
	        this.major = source["major"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Ticket {
	    id: string;
	    number: string;
	    type: string;
	    title: string;
	    description: string;
	    requesterId: string;
	    category: string;
	    subcategory: string;
	    service: string;
	    ci: string;
	    impact: number;
	    urgency: number;
	    priority: number;
	    priorityOverrideReason: string;
	    state: string;
	    holdReason: string;
	    resolutionCode: string;
	    resolutionNotes: string;
	    groupId?: string;
	    assigneeId?: string;
	    source: string;
	    tags: string;
	    major: boolean;
	    majorReason: string;
	    parentId?: string;
	    duplicateOf?: string;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    resolvedAt?: number;
	    closedAt?: number;
	    archived: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Ticket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.type = source["type"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.requesterId = source["requesterId"];
	        this.category = source["category"];
	        this.subcategory = source["subcategory"];
	        this.service = source["service"];
	        this.ci = source["ci"];
	        this.impact = source["impact"];
	        this.urgency = source["urgency"];
	        this.priority = source["priority"];
	        this.priorityOverrideReason = source["priorityOverrideReason"];
	        this.state = source["state"];
	        this.holdReason = source["holdReason"];
	        this.resolutionCode = source["resolutionCode"];
	        this.resolutionNotes = source["resolutionNotes"];
	        this.groupId = source["groupId"];
	        this.assigneeId = source["assigneeId"];
	        this.source = source["source"];
	        this.tags = source["tags"];
	        this.major = source["major"];
	        this.majorReason = source["majorReason"];
	        this.parentId = source["parentId"];
	        this.duplicateOf = source["duplicateOf"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.resolvedAt = source["resolvedAt"];
	        this.closedAt = source["closedAt"];
	        this.archived = source["archived"];
	    }
	}

}

