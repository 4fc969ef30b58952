export namespace app {
	
	export class ArticleView {
	    article: knowledge.Article;
	    bodyHtml: string;
	    allowed: knowledge.Allowed;
	    helpful: number;
	    notHelpful: number;
	    views: number;
	    myVote?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ArticleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.article = this.convertValues(source["article"], knowledge.Article);
	        this.bodyHtml = source["bodyHtml"];
	        this.allowed = this.convertValues(source["allowed"], knowledge.Allowed);
	        this.helpful = source["helpful"];
	        this.notHelpful = source["notHelpful"];
	        this.views = source["views"];
	        this.myVote = source["myVote"];
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
	export class Ask {
	    by: string;
	    policy: string;
	    groupId: string;
	    approvers: string[];
	
	    static createFrom(source: any = {}) {
	        return new Ask(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.by = source["by"];
	        this.policy = source["policy"];
	        this.groupId = source["groupId"];
	        this.approvers = source["approvers"];
	    }
	}
	export class AssetMetaDTO {
	    classes: string[];
	    hardwareTypes: string[];
	    statuses: string[];
	    moves: Record<string, Array<string>>;
	    relTypes: string[];
	    attributes: Record<string, Array<string>>;
	
	    static createFrom(source: any = {}) {
	        return new AssetMetaDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.classes = source["classes"];
	        this.hardwareTypes = source["hardwareTypes"];
	        this.statuses = source["statuses"];
	        this.moves = source["moves"];
	        this.relTypes = source["relTypes"];
	        this.attributes = source["attributes"];
	    }
	}
	export class BackupEntry {
	    name: string;
	    size: number;
	    takenAt: number;
	
	    static createFrom(source: any = {}) {
	        return new BackupEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.size = source["size"];
	        this.takenAt = source["takenAt"];
	    }
	}
	export class BackupStatus {
	    folder: string;
	    defaultFolder: string;
	    scheduled: boolean;
	    keep: string;
	    backups: BackupEntry[];
	
	    static createFrom(source: any = {}) {
	        return new BackupStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.defaultFolder = source["defaultFolder"];
	        this.scheduled = source["scheduled"];
	        this.keep = source["keep"];
	        this.backups = this.convertValues(source["backups"], BackupEntry);
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
	export class BulkResult {
	    done: number;
	    refused: ticket.Outcome[];
	
	    static createFrom(source: any = {}) {
	        return new BulkResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.refused = this.convertValues(source["refused"], ticket.Outcome);
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
	export class CatalogMeta {
	    fieldTypes: string[];
	    taskStates: string[];
	    limits: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new CatalogMeta(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fieldTypes = source["fieldTypes"];
	        this.taskStates = source["taskStates"];
	        this.limits = source["limits"];
	    }
	}
	export class ConflictDTO {
	    id: string;
	    entity: string;
	    recordId: string;
	    field: string;
	    kind: string;
	    mine: number[];
	    theirs: number[];
	    mineHlc: number;
	    theirsHlc: number;
	    theirsDevice: string;
	    winner: string;
	    createdAt: number;
	    resolvedAt?: number;
	    resolution: string;
	    recordNumber: string;
	    recordTitle: string;
	    mineText: string;
	    theirsText: string;
	    editable: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ConflictDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.entity = source["entity"];
	        this.recordId = source["recordId"];
	        this.field = source["field"];
	        this.kind = source["kind"];
	        this.mine = source["mine"];
	        this.theirs = source["theirs"];
	        this.mineHlc = source["mineHlc"];
	        this.theirsHlc = source["theirsHlc"];
	        this.theirsDevice = source["theirsDevice"];
	        this.winner = source["winner"];
	        this.createdAt = source["createdAt"];
	        this.resolvedAt = source["resolvedAt"];
	        this.resolution = source["resolution"];
	        this.recordNumber = source["recordNumber"];
	        this.recordTitle = source["recordTitle"];
	        this.mineText = source["mineText"];
	        this.theirsText = source["theirsText"];
	        this.editable = source["editable"];
	    }
	}
	export class Detail {
	    ticket: ticket.Ticket;
	    descriptionHtml: string;
	    tags: string[];
	    next: string[];
	    allowed: ticket.Allowed;
	    timeline: ticket.Event[];
	    links: ticket.LinkedTicket[];
	    openChildren: number;
	    computedPriority: number;
	    minutesWorked: number;
	    labels: ticket.Labels;
	
	    static createFrom(source: any = {}) {
	        return new Detail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticket = this.convertValues(source["ticket"], ticket.Ticket);
	        this.descriptionHtml = source["descriptionHtml"];
	        this.tags = source["tags"];
	        this.next = source["next"];
	        this.allowed = this.convertValues(source["allowed"], ticket.Allowed);
	        this.timeline = this.convertValues(source["timeline"], ticket.Event);
	        this.links = this.convertValues(source["links"], ticket.LinkedTicket);
	        this.openChildren = source["openChildren"];
	        this.computedPriority = source["computedPriority"];
	        this.minutesWorked = source["minutesWorked"];
	        this.labels = this.convertValues(source["labels"], ticket.Labels);
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
	export class GroupDTO {
	    id: string;
	    name: string;
	    description: string;
	    active: boolean;
	    departmentId?: string;
	    createdAt: number;
	    updatedAt: number;
	    members: string[];
	
	    static createFrom(source: any = {}) {
	        return new GroupDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.active = source["active"];
	        this.departmentId = source["departmentId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.members = source["members"];
	    }
	}
	export class DirectoryDTO {
	    people: people.User[];
	    groups: GroupDTO[];
	    categories: desk.CategoryItem[];
	    services: desk.Service[];
	    departments: people.Department[];
	
	    static createFrom(source: any = {}) {
	        return new DirectoryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.people = this.convertValues(source["people"], people.User);
	        this.groups = this.convertValues(source["groups"], GroupDTO);
	        this.categories = this.convertValues(source["categories"], desk.CategoryItem);
	        this.services = this.convertValues(source["services"], desk.Service);
	        this.departments = this.convertValues(source["departments"], people.Department);
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
	
	export class ItemView {
	    item: catalog.Item;
	    descriptionHtml: string;
	
	    static createFrom(source: any = {}) {
	        return new ItemView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.item = this.convertValues(source["item"], catalog.Item);
	        this.descriptionHtml = source["descriptionHtml"];
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
	export class Me {
	    user: people.User;
	    groups: string[];
	    profilePath: string;
	    deviceId: string;
	    demoOffered: boolean;
	    needsIntroduction: boolean;
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
	        this.needsIntroduction = source["needsIntroduction"];
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
	export class Mentionable {
	    id: string;
	    name: string;
	    handle: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new Mentionable(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.handle = source["handle"];
	        this.role = source["role"];
	    }
	}
	export class NewAssetDTO {
	    class: string;
	    status: string;
	    fields: asset.Edit;
	
	    static createFrom(source: any = {}) {
	        return new NewAssetDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.class = source["class"];
	        this.status = source["status"];
	        this.fields = this.convertValues(source["fields"], asset.Edit);
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
	export class NotificationPage {
	    items: sla.Notification[];
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new NotificationPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], sla.Notification);
	        this.unread = source["unread"];
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
	export class ServiceRef {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new ServiceRef(source);
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
	    services: string[];
	    serviceRefs: ServiceRef[];
	    matrix: number[][];
	    sources: string[];
	    holdReasons: string[];
	    resolutionCodes: string[];
	    views: ViewDTO[];
	    departments: people.Department[];
	    myDepartments: string[];
	    limits: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new Reference(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.users = this.convertValues(source["users"], people.User);
	        this.groups = this.convertValues(source["groups"], GroupDTO);
	        this.categories = this.convertValues(source["categories"], desk.Category);
	        this.services = source["services"];
	        this.serviceRefs = this.convertValues(source["serviceRefs"], ServiceRef);
	        this.matrix = source["matrix"];
	        this.sources = source["sources"];
	        this.holdReasons = source["holdReasons"];
	        this.resolutionCodes = source["resolutionCodes"];
	        this.views = this.convertValues(source["views"], ViewDTO);
	        this.departments = this.convertValues(source["departments"], people.Department);
	        this.myDepartments = source["myDepartments"];
	        this.limits = source["limits"];
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
	export class RejectionDTO {
	    opId: number;
	    changeId: string;
	    entity: string;
	    recordId: string;
	    op: string;
	    field: string;
	    value: number[];
	    authorId: string;
	    code: string;
	    reason: string;
	    at: number;
	    seen: boolean;
	    auto: boolean;
	    ticketId: string;
	    recordNumber: string;
	    recordTitle: string;
	    valueText: string;
	
	    static createFrom(source: any = {}) {
	        return new RejectionDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.opId = source["opId"];
	        this.changeId = source["changeId"];
	        this.entity = source["entity"];
	        this.recordId = source["recordId"];
	        this.op = source["op"];
	        this.field = source["field"];
	        this.value = source["value"];
	        this.authorId = source["authorId"];
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.at = source["at"];
	        this.seen = source["seen"];
	        this.auto = source["auto"];
	        this.ticketId = source["ticketId"];
	        this.recordNumber = source["recordNumber"];
	        this.recordTitle = source["recordTitle"];
	        this.valueText = source["valueText"];
	    }
	}
	export class Related {
	    linked: knowledge.Hit[];
	    suggested: knowledge.Hit[];
	
	    static createFrom(source: any = {}) {
	        return new Related(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.linked = this.convertValues(source["linked"], knowledge.Hit);
	        this.suggested = this.convertValues(source["suggested"], knowledge.Hit);
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
	export class Saved {
	    path: string;
	    canceled: boolean;
	    exists: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Saved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.canceled = source["canceled"];
	        this.exists = source["exists"];
	    }
	}
	export class Selection {
	    ids: string[];
	    all: boolean;
	    query: ticket.Query;
	    except: string[];
	
	    static createFrom(source: any = {}) {
	        return new Selection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	        this.all = source["all"];
	        this.query = this.convertValues(source["query"], ticket.Query);
	        this.except = source["except"];
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
	export class ServerInfo {
	    url: string;
	    status: string;
	    version: string;
	
	    static createFrom(source: any = {}) {
	        return new ServerInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.status = source["status"];
	        this.version = source["version"];
	    }
	}
	
	export class SignInState {
	    required: boolean;
	    signedIn: boolean;
	    locked: boolean;
	    user?: people.User;
	    idleLockMinutes: number;
	    joinedEmail: string;
	    holders: string[];
	
	    static createFrom(source: any = {}) {
	        return new SignInState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.required = source["required"];
	        this.signedIn = source["signedIn"];
	        this.locked = source["locked"];
	        this.user = this.convertValues(source["user"], people.User);
	        this.idleLockMinutes = source["idleLockMinutes"];
	        this.joinedEmail = source["joinedEmail"];
	        this.holders = source["holders"];
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
	export class Stats {
	    deflections: number;
	
	    static createFrom(source: any = {}) {
	        return new Stats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deflections = source["deflections"];
	    }
	}
	export class SyncFault {
	    code: string;
	    message: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new SyncFault(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	        this.at = source["at"];
	    }
	}
	export class SyncProgress {
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new SyncProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	export class SyncStatus {
	    state: string;
	    joined: boolean;
	    server: string;
	    userId: string;
	    userName: string;
	    email: string;
	    pending: number;
	    lastSync: number;
	    now: number;
	    openConflicts: number;
	    rejected: number;
	    progress: SyncProgress;
	    lastError?: SyncFault;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.joined = source["joined"];
	        this.server = source["server"];
	        this.userId = source["userId"];
	        this.userName = source["userName"];
	        this.email = source["email"];
	        this.pending = source["pending"];
	        this.lastSync = source["lastSync"];
	        this.now = source["now"];
	        this.openConflicts = source["openConflicts"];
	        this.rejected = source["rejected"];
	        this.progress = this.convertValues(source["progress"], SyncProgress);
	        this.lastError = this.convertValues(source["lastError"], SyncFault);
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
	export class SyncReport {
	    pushed: number;
	    accepted: number;
	    rejected: number;
	    pulled: number;
	    conflicts: number;
	    status?: SyncStatus;
	
	    static createFrom(source: any = {}) {
	        return new SyncReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pushed = source["pushed"];
	        this.accepted = source["accepted"];
	        this.rejected = source["rejected"];
	        this.pulled = source["pulled"];
	        this.conflicts = source["conflicts"];
	        this.status = this.convertValues(source["status"], SyncStatus);
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

export namespace approval {
	
	export class Person {
	    id: string;
	    name: string;
	    verdict: string;
	
	    static createFrom(source: any = {}) {
	        return new Person(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.verdict = source["verdict"];
	    }
	}
	export class TrailEntry {
	    id: string;
	    approvalId: string;
	    approverId: string;
	    verdict: string;
	    comment: string;
	    createdAt: number;
	    approverName: string;
	    counts: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TrailEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.approvalId = source["approvalId"];
	        this.approverId = source["approverId"];
	        this.verdict = source["verdict"];
	        this.comment = source["comment"];
	        this.createdAt = source["createdAt"];
	        this.approverName = source["approverName"];
	        this.counts = source["counts"];
	    }
	}
	export class View {
	    id: string;
	    subjectKind: string;
	    subjectId: string;
	    summary: string;
	    by: string;
	    policy: string;
	    groupId: string;
	    forId: string;
	    managerId: string;
	    approvers: string[];
	    requestedBy: string;
	    cancelled: boolean;
	    createdAt: number;
	    state: string;
	    decidedAt: number;
	    groupName: string;
	    requestedByName: string;
	    people: Person[];
	    trail: TrailEntry[];
	    approvals: number;
	    rejections: number;
	    needed: number;
	    canDecide: boolean;
	    canCancel: boolean;
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.subjectKind = source["subjectKind"];
	        this.subjectId = source["subjectId"];
	        this.summary = source["summary"];
	        this.by = source["by"];
	        this.policy = source["policy"];
	        this.groupId = source["groupId"];
	        this.forId = source["forId"];
	        this.managerId = source["managerId"];
	        this.approvers = source["approvers"];
	        this.requestedBy = source["requestedBy"];
	        this.cancelled = source["cancelled"];
	        this.createdAt = source["createdAt"];
	        this.state = source["state"];
	        this.decidedAt = source["decidedAt"];
	        this.groupName = source["groupName"];
	        this.requestedByName = source["requestedByName"];
	        this.people = this.convertValues(source["people"], Person);
	        this.trail = this.convertValues(source["trail"], TrailEntry);
	        this.approvals = source["approvals"];
	        this.rejections = source["rejections"];
	        this.needed = source["needed"];
	        this.canDecide = source["canDecide"];
	        this.canCancel = source["canCancel"];
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

export namespace asset {
	
	export class Asset {
	    id: string;
	    tag: string;
	    class: string;
	    type: string;
	    name: string;
	    serial: string;
	    model: string;
	    manufacturer: string;
	    ownerId?: string;
	    location: string;
	    status: string;
	    purchaseDate: string;
	    cost?: number;
	    warrantyEnd: string;
	    attributes: string;
	    lastSeenAt?: number;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    archived: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Asset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.tag = source["tag"];
	        this.class = source["class"];
	        this.type = source["type"];
	        this.name = source["name"];
	        this.serial = source["serial"];
	        this.model = source["model"];
	        this.manufacturer = source["manufacturer"];
	        this.ownerId = source["ownerId"];
	        this.location = source["location"];
	        this.status = source["status"];
	        this.purchaseDate = source["purchaseDate"];
	        this.cost = source["cost"];
	        this.warrantyEnd = source["warrantyEnd"];
	        this.attributes = source["attributes"];
	        this.lastSeenAt = source["lastSeenAt"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.archived = source["archived"];
	    }
	}
	export class Edge {
	    from: string;
	    to: string;
	    type: string;
	
	    static createFrom(source: any = {}) {
	        return new Edge(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.type = source["type"];
	    }
	}
	export class Edit {
	    type: string;
	    name: string;
	    serial: string;
	    model: string;
	    manufacturer: string;
	    ownerId?: string;
	    location: string;
	    purchaseDate: string;
	    cost?: number;
	    warrantyEnd: string;
	    attributes: string;
	    lastSeenAt?: number;
	
	    static createFrom(source: any = {}) {
	        return new Edit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.name = source["name"];
	        this.serial = source["serial"];
	        this.model = source["model"];
	        this.manufacturer = source["manufacturer"];
	        this.ownerId = source["ownerId"];
	        this.location = source["location"];
	        this.purchaseDate = source["purchaseDate"];
	        this.cost = source["cost"];
	        this.warrantyEnd = source["warrantyEnd"];
	        this.attributes = source["attributes"];
	        this.lastSeenAt = source["lastSeenAt"];
	    }
	}
	export class HistoryEntry {
	    at: number;
	    actorName: string;
	    field: string;
	    oldValue: string;
	    newValue: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.actorName = source["actorName"];
	        this.field = source["field"];
	        this.oldValue = source["oldValue"];
	        this.newValue = source["newValue"];
	    }
	}
	export class OpenTicket {
	    id: string;
	    number: string;
	    title: string;
	    state: string;
	    priority: number;
	    assetId: string;
	
	    static createFrom(source: any = {}) {
	        return new OpenTicket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.state = source["state"];
	        this.priority = source["priority"];
	        this.assetId = source["assetId"];
	    }
	}
	export class Person {
	    id: string;
	    name: string;
	    how: string;
	    via: string;
	
	    static createFrom(source: any = {}) {
	        return new Person(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.how = source["how"];
	        this.via = source["via"];
	    }
	}
	export class Node {
	    id: string;
	    tag: string;
	    name: string;
	    class: string;
	    type: string;
	    status: string;
	    depth: number;
	
	    static createFrom(source: any = {}) {
	        return new Node(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.tag = source["tag"];
	        this.name = source["name"];
	        this.class = source["class"];
	        this.type = source["type"];
	        this.status = source["status"];
	        this.depth = source["depth"];
	    }
	}
	export class Impact {
	    root: Node;
	    nodes: Node[];
	    edges: Edge[];
	    services: Node[];
	    people: Person[];
	    tickets: OpenTicket[];
	
	    static createFrom(source: any = {}) {
	        return new Impact(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.root = this.convertValues(source["root"], Node);
	        this.nodes = this.convertValues(source["nodes"], Node);
	        this.edges = this.convertValues(source["edges"], Edge);
	        this.services = this.convertValues(source["services"], Node);
	        this.people = this.convertValues(source["people"], Person);
	        this.tickets = this.convertValues(source["tickets"], OpenTicket);
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
	export class InventoryResult {
	    asset?: Asset;
	    created: boolean;
	    matchedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new InventoryResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.asset = this.convertValues(source["asset"], Asset);
	        this.created = source["created"];
	        this.matchedBy = source["matchedBy"];
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
	export class LicenceRow {
	    id: string;
	    tag: string;
	    class: string;
	    type: string;
	    name: string;
	    serial: string;
	    model: string;
	    manufacturer: string;
	    ownerId?: string;
	    location: string;
	    status: string;
	    purchaseDate: string;
	    cost?: number;
	    warrantyEnd: string;
	    attributes: string;
	    lastSeenAt?: number;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    archived: boolean;
	    ownerName: string;
	    product: string;
	    seats: number;
	    installed: number;
	    over: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LicenceRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.tag = source["tag"];
	        this.class = source["class"];
	        this.type = source["type"];
	        this.name = source["name"];
	        this.serial = source["serial"];
	        this.model = source["model"];
	        this.manufacturer = source["manufacturer"];
	        this.ownerId = source["ownerId"];
	        this.location = source["location"];
	        this.status = source["status"];
	        this.purchaseDate = source["purchaseDate"];
	        this.cost = source["cost"];
	        this.warrantyEnd = source["warrantyEnd"];
	        this.attributes = source["attributes"];
	        this.lastSeenAt = source["lastSeenAt"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.archived = source["archived"];
	        this.ownerName = source["ownerName"];
	        this.product = source["product"];
	        this.seats = source["seats"];
	        this.installed = source["installed"];
	        this.over = source["over"];
	    }
	}
	export class LicencePage {
	    rows: LicenceRow[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new LicencePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], LicenceRow);
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
	export class LicenceQuery {
	    days: number;
	    offset: number;
	    limit: number;
	    overOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LicenceQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.overOnly = source["overOnly"];
	    }
	}
	
	export class Row {
	    id: string;
	    tag: string;
	    class: string;
	    type: string;
	    name: string;
	    serial: string;
	    model: string;
	    manufacturer: string;
	    ownerId?: string;
	    location: string;
	    status: string;
	    purchaseDate: string;
	    cost?: number;
	    warrantyEnd: string;
	    attributes: string;
	    lastSeenAt?: number;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    archived: boolean;
	    ownerName: string;
	
	    static createFrom(source: any = {}) {
	        return new Row(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.tag = source["tag"];
	        this.class = source["class"];
	        this.type = source["type"];
	        this.name = source["name"];
	        this.serial = source["serial"];
	        this.model = source["model"];
	        this.manufacturer = source["manufacturer"];
	        this.ownerId = source["ownerId"];
	        this.location = source["location"];
	        this.status = source["status"];
	        this.purchaseDate = source["purchaseDate"];
	        this.cost = source["cost"];
	        this.warrantyEnd = source["warrantyEnd"];
	        this.attributes = source["attributes"];
	        this.lastSeenAt = source["lastSeenAt"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.archived = source["archived"];
	        this.ownerName = source["ownerName"];
	    }
	}
	export class LicenceUse {
	    product: string;
	    seats: number;
	    installed: number;
	    over: boolean;
	    machines: Row[];
	
	    static createFrom(source: any = {}) {
	        return new LicenceUse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.product = source["product"];
	        this.seats = source["seats"];
	        this.installed = source["installed"];
	        this.over = source["over"];
	        this.machines = this.convertValues(source["machines"], Row);
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
	export class Link {
	    id: string;
	    type: string;
	    out: boolean;
	    otherId: string;
	    otherTag: string;
	    otherName: string;
	    otherKind: string;
	
	    static createFrom(source: any = {}) {
	        return new Link(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.type = source["type"];
	        this.out = source["out"];
	        this.otherId = source["otherId"];
	        this.otherTag = source["otherTag"];
	        this.otherName = source["otherName"];
	        this.otherKind = source["otherKind"];
	    }
	}
	
	
	export class Page {
	    rows: Row[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], Row);
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
	
	export class Query {
	    text: string;
	    class: string;
	    type: string;
	    status: string;
	    ownerId: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.class = source["class"];
	        this.type = source["type"];
	        this.status = source["status"];
	        this.ownerId = source["ownerId"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Relation {
	    id: string;
	    fromId: string;
	    toId?: string;
	    userId?: string;
	    type: string;
	    active: boolean;
	    createdBy: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Relation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.fromId = source["fromId"];
	        this.toId = source["toId"];
	        this.userId = source["userId"];
	        this.type = source["type"];
	        this.active = source["active"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class ReportQuery {
	    days: number;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace audit {
	
	export class Broken {
	    seq: number;
	    id: string;
	    problem: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new Broken(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.id = source["id"];
	        this.problem = source["problem"];
	        this.detail = source["detail"];
	    }
	}
	export class Result {
	    entries: number;
	    intact: boolean;
	    broken?: Broken;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = source["entries"];
	        this.intact = source["intact"];
	        this.broken = this.convertValues(source["broken"], Broken);
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

export namespace canned {
	
	export class Reply {
	    id: string;
	    ownerId: string;
	    groupId: string;
	    name: string;
	    body: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Reply(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ownerId = source["ownerId"];
	        this.groupId = source["groupId"];
	        this.name = source["name"];
	        this.body = source["body"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Ticket {
	    id: string;
	    ownerId: string;
	    groupId: string;
	    name: string;
	    type: string;
	    title: string;
	    description: string;
	    category: string;
	    subcategory: string;
	    service: string;
	    impact: number;
	    urgency: number;
	    assignmentGroupId: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Ticket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ownerId = source["ownerId"];
	        this.groupId = source["groupId"];
	        this.name = source["name"];
	        this.type = source["type"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.subcategory = source["subcategory"];
	        this.service = source["service"];
	        this.impact = source["impact"];
	        this.urgency = source["urgency"];
	        this.assignmentGroupId = source["assignmentGroupId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Variable {
	    name: string;
	    description: string;
	
	    static createFrom(source: any = {}) {
	        return new Variable(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	    }
	}

}

export namespace catalog {
	
	export class AnswerLine {
	    key: string;
	    label: string;
	    type: string;
	    value: number[];
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new AnswerLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.type = source["type"];
	        this.value = source["value"];
	        this.text = source["text"];
	    }
	}
	export class Approval {
	    rule: string;
	    groupId: string;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new Approval(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rule = source["rule"];
	        this.groupId = source["groupId"];
	        this.mode = source["mode"];
	    }
	}
	export class AssetChoice {
	    id: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new AssetChoice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	    }
	}
	export class Condition {
	    field: string;
	    equals: string;
	
	    static createFrom(source: any = {}) {
	        return new Condition(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.equals = source["equals"];
	    }
	}
	export class FormField {
	    key: string;
	    label: string;
	    type: string;
	    required: boolean;
	    help: string;
	    choices: string[];
	    showWhen?: Condition;
	
	    static createFrom(source: any = {}) {
	        return new FormField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.type = source["type"];
	        this.required = source["required"];
	        this.help = source["help"];
	        this.choices = source["choices"];
	        this.showWhen = this.convertValues(source["showWhen"], Condition);
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
	export class Form {
	    fields: FormField[];
	
	    static createFrom(source: any = {}) {
	        return new Form(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fields = this.convertValues(source["fields"], FormField);
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
	
	export class TaskDef {
	    title: string;
	    groupId: string;
	
	    static createFrom(source: any = {}) {
	        return new TaskDef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.groupId = source["groupId"];
	    }
	}
	export class Item {
	    id: string;
	    name: string;
	    description: string;
	    category: string;
	    departmentId?: string;
	    active: boolean;
	    form: Form;
	    approval: Approval;
	    groupId?: string;
	    taskMode: string;
	    tasks: TaskDef[];
	    slaPolicyId?: string;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Item(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.departmentId = source["departmentId"];
	        this.active = source["active"];
	        this.form = this.convertValues(source["form"], Form);
	        this.approval = this.convertValues(source["approval"], Approval);
	        this.groupId = source["groupId"];
	        this.taskMode = source["taskMode"];
	        this.tasks = this.convertValues(source["tasks"], TaskDef);
	        this.slaPolicyId = source["slaPolicyId"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
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
	export class ItemDraft {
	    id: string;
	    name: string;
	    description: string;
	    category: string;
	    departmentId: string;
	    active: boolean;
	    form: Form;
	    approval: Approval;
	    groupId: string;
	    taskMode: string;
	    tasks: TaskDef[];
	    slaPolicyId: string;
	
	    static createFrom(source: any = {}) {
	        return new ItemDraft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.departmentId = source["departmentId"];
	        this.active = source["active"];
	        this.form = this.convertValues(source["form"], Form);
	        this.approval = this.convertValues(source["approval"], Approval);
	        this.groupId = source["groupId"];
	        this.taskMode = source["taskMode"];
	        this.tasks = this.convertValues(source["tasks"], TaskDef);
	        this.slaPolicyId = source["slaPolicyId"];
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
	export class ItemQuery {
	    text: string;
	    category: string;
	    departmentId: string;
	    inactive: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ItemQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.category = source["category"];
	        this.departmentId = source["departmentId"];
	        this.inactive = source["inactive"];
	    }
	}
	export class Request {
	    id: string;
	    itemId: string;
	    answers: string;
	    requestedFor: string;
	    dueAt?: number;
	    stage: string;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.itemId = source["itemId"];
	        this.answers = source["answers"];
	        this.requestedFor = source["requestedFor"];
	        this.dueAt = source["dueAt"];
	        this.stage = source["stage"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class TaskRow {
	    id: string;
	    number: string;
	    type: string;
	    requestId: string;
	    requesterId: string;
	    seq: number;
	    mode: string;
	    title: string;
	    groupId?: string;
	    assigneeId?: string;
	    state: string;
	    dueAt?: number;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    closedAt?: number;
	    requestNumber: string;
	    requestTitle: string;
	    next: string[];
	
	    static createFrom(source: any = {}) {
	        return new TaskRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.type = source["type"];
	        this.requestId = source["requestId"];
	        this.requesterId = source["requesterId"];
	        this.seq = source["seq"];
	        this.mode = source["mode"];
	        this.title = source["title"];
	        this.groupId = source["groupId"];
	        this.assigneeId = source["assigneeId"];
	        this.state = source["state"];
	        this.dueAt = source["dueAt"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.closedAt = source["closedAt"];
	        this.requestNumber = source["requestNumber"];
	        this.requestTitle = source["requestTitle"];
	        this.next = source["next"];
	    }
	}
	export class RequestDetail {
	    request: Request;
	    itemName: string;
	    requestedForName: string;
	    answers: AnswerLine[];
	    tasks: TaskRow[];
	
	    static createFrom(source: any = {}) {
	        return new RequestDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.request = this.convertValues(source["request"], Request);
	        this.itemName = source["itemName"];
	        this.requestedForName = source["requestedForName"];
	        this.answers = this.convertValues(source["answers"], AnswerLine);
	        this.tasks = this.convertValues(source["tasks"], TaskRow);
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
	export class Submission {
	    itemId: string;
	    answers: Record<string, Array<number>>;
	    requestedFor: string;
	    dueAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Submission(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.itemId = source["itemId"];
	        this.answers = source["answers"];
	        this.requestedFor = source["requestedFor"];
	        this.dueAt = source["dueAt"];
	    }
	}
	export class Submitted {
	    ticketId: string;
	    number: string;
	    stage: string;
	
	    static createFrom(source: any = {}) {
	        return new Submitted(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.number = source["number"];
	        this.stage = source["stage"];
	    }
	}
	export class Task {
	    id: string;
	    number: string;
	    type: string;
	    requestId: string;
	    requesterId: string;
	    seq: number;
	    mode: string;
	    title: string;
	    groupId?: string;
	    assigneeId?: string;
	    state: string;
	    dueAt?: number;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	    closedAt?: number;
	
	    static createFrom(source: any = {}) {
	        return new Task(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.type = source["type"];
	        this.requestId = source["requestId"];
	        this.requesterId = source["requesterId"];
	        this.seq = source["seq"];
	        this.mode = source["mode"];
	        this.title = source["title"];
	        this.groupId = source["groupId"];
	        this.assigneeId = source["assigneeId"];
	        this.state = source["state"];
	        this.dueAt = source["dueAt"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.closedAt = source["closedAt"];
	    }
	}
	
	export class TaskQuery {
	    scope: string;
	    done: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TaskQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scope = source["scope"];
	        this.done = source["done"];
	    }
	}

}

export namespace desk {
	
	export class Category {
	    name: string;
	    subcategories: string[];
	    departmentId: string;
	
	    static createFrom(source: any = {}) {
	        return new Category(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.subcategories = source["subcategories"];
	        this.departmentId = source["departmentId"];
	    }
	}
	export class CategoryItem {
	    id: string;
	    name: string;
	    parentId: string;
	    active: boolean;
	    departmentId: string;
	
	    static createFrom(source: any = {}) {
	        return new CategoryItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.parentId = source["parentId"];
	        this.active = source["active"];
	        this.departmentId = source["departmentId"];
	    }
	}
	export class PersonPatch {
	    name?: string;
	    email?: string;
	    role?: string;
	    active?: boolean;
	    managerId?: string;
	
	    static createFrom(source: any = {}) {
	        return new PersonPatch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.active = source["active"];
	        this.managerId = source["managerId"];
	    }
	}
	export class Service {
	    id: string;
	    name: string;
	    description: string;
	    active: boolean;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Service(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.active = source["active"];
	        this.createdAt = source["createdAt"];
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

export namespace importer {
	
	export class Field {
	    key: string;
	    label: string;
	    type: string;
	    required: boolean;
	    values?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.type = source["type"];
	        this.required = source["required"];
	        this.values = source["values"];
	    }
	}
	export class Mapping {
	    format?: string;
	    kind: string;
	    delimiter?: string;
	    encoding?: string;
	    columns: Record<string, string>;
	    values?: Record<string, any>;
	    defaults?: Record<string, string>;
	    dateFormats?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Mapping(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.kind = source["kind"];
	        this.delimiter = source["delimiter"];
	        this.encoding = source["encoding"];
	        this.columns = source["columns"];
	        this.values = source["values"];
	        this.defaults = source["defaults"];
	        this.dateFormats = source["dateFormats"];
	    }
	}
	export class Preview {
	    header: string[];
	    rows: string[][];
	    total: number;
	    mapping: Mapping;
	    fields: Field[];
	    values: Record<string, Array<ValueGuess>>;
	    dateLayouts: string[];
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.header = source["header"];
	        this.rows = source["rows"];
	        this.total = source["total"];
	        this.mapping = this.convertValues(source["mapping"], Mapping);
	        this.fields = this.convertValues(source["fields"], Field);
	        this.values = this.convertValues(source["values"], Array<ValueGuess>, true);
	        this.dateLayouts = source["dateLayouts"];
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
	export class Progress {
	    rows: number;
	    bytes: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = source["rows"];
	        this.bytes = source["bytes"];
	        this.total = source["total"];
	    }
	}
	export class Refusal {
	    line: number;
	    column?: string;
	    field?: string;
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Refusal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.column = source["column"];
	        this.field = source["field"];
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class Report {
	    kind: string;
	    delimiter: string;
	    encoding: string;
	    dateFormats: string[];
	    skipRefused: boolean;
	    rows: number;
	    accepted: number;
	    imported: number;
	    refusedRows: number;
	    refused: Refusal[];
	    written: boolean;
	    numbers: string[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.delimiter = source["delimiter"];
	        this.encoding = source["encoding"];
	        this.dateFormats = source["dateFormats"];
	        this.skipRefused = source["skipRefused"];
	        this.rows = source["rows"];
	        this.accepted = source["accepted"];
	        this.imported = source["imported"];
	        this.refusedRows = source["refusedRows"];
	        this.refused = this.convertValues(source["refused"], Refusal);
	        this.written = source["written"];
	        this.numbers = source["numbers"];
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
	export class ValueGuess {
	    value: string;
	    count: number;
	    to: string;
	    match: string;
	
	    static createFrom(source: any = {}) {
	        return new ValueGuess(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.count = source["count"];
	        this.to = source["to"];
	        this.match = source["match"];
	    }
	}

}

export namespace knowledge {
	
	export class Allowed {
	    next: string[];
	    edit: boolean;
	    vote: boolean;
	    link: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Allowed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.next = source["next"];
	        this.edit = source["edit"];
	        this.vote = source["vote"];
	        this.link = source["link"];
	    }
	}
	export class Article {
	    id: string;
	    number: string;
	    type: string;
	    title: string;
	    body: string;
	    category: string;
	    audience: string;
	    ownerId: string;
	    reviewAt?: number;
	    state: string;
	    sourceTicketId?: string;
	    createdBy: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Article(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.type = source["type"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.category = source["category"];
	        this.audience = source["audience"];
	        this.ownerId = source["ownerId"];
	        this.reviewAt = source["reviewAt"];
	        this.state = source["state"];
	        this.sourceTicketId = source["sourceTicketId"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Line {
	    op: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Line(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.op = source["op"];
	        this.text = source["text"];
	    }
	}
	export class Diff {
	    fromTitle: string;
	    toTitle: string;
	    lines: Line[];
	
	    static createFrom(source: any = {}) {
	        return new Diff(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fromTitle = source["fromTitle"];
	        this.toTitle = source["toTitle"];
	        this.lines = this.convertValues(source["lines"], Line);
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
	    category: string;
	    audience: string;
	    state: string;
	    updatedAt: number;
	    snippet: string;
	    helpful: number;
	    notHelpful: number;
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.category = source["category"];
	        this.audience = source["audience"];
	        this.state = source["state"];
	        this.updatedAt = source["updatedAt"];
	        this.snippet = source["snippet"];
	        this.helpful = source["helpful"];
	        this.notHelpful = source["notHelpful"];
	    }
	}
	
	export class NewArticle {
	    title: string;
	    body: string;
	    category: string;
	    audience: string;
	    ownerId: string;
	    reviewAt: number;
	    sourceTicketId: string;
	
	    static createFrom(source: any = {}) {
	        return new NewArticle(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.body = source["body"];
	        this.category = source["category"];
	        this.audience = source["audience"];
	        this.ownerId = source["ownerId"];
	        this.reviewAt = source["reviewAt"];
	        this.sourceTicketId = source["sourceTicketId"];
	    }
	}
	export class Patch {
	    title?: string;
	    body?: string;
	    category?: string;
	    ownerId?: string;
	    reviewAt?: number;
	
	    static createFrom(source: any = {}) {
	        return new Patch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.body = source["body"];
	        this.category = source["category"];
	        this.ownerId = source["ownerId"];
	        this.reviewAt = source["reviewAt"];
	    }
	}
	export class Query {
	    text: string;
	    state: string;
	    category: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.state = source["state"];
	        this.category = source["category"];
	        this.limit = source["limit"];
	    }
	}
	export class Version {
	    id: string;
	    n: number;
	    title: string;
	    authorId: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Version(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.n = source["n"];
	        this.title = source["title"];
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	    }
	}

}

export namespace notify {
	
	export class Notification {
	    id: string;
	    ticketId: string;
	    ticketNumber: string;
	    kind: string;
	    message: string;
	    actorId: string;
	    createdAt: number;
	    readAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Notification(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.ticketNumber = source["ticketNumber"];
	        this.kind = source["kind"];
	        this.message = source["message"];
	        this.actorId = source["actorId"];
	        this.createdAt = source["createdAt"];
	        this.readAt = source["readAt"];
	    }
	}
	export class Page {
	    items: Notification[];
	    next: string;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Notification);
	        this.next = source["next"];
	        this.unread = source["unread"];
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
	export class PageQuery {
	    kinds: string[];
	    unreadOnly: boolean;
	    after: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new PageQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kinds = source["kinds"];
	        this.unreadOnly = source["unreadOnly"];
	        this.after = source["after"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace people {
	
	export class Department {
	    id: string;
	    name: string;
	    description: string;
	    active: boolean;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Department(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.active = source["active"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Group {
	    id: string;
	    name: string;
	    description: string;
	    active: boolean;
	    departmentId?: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Group(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.active = source["active"];
	        this.departmentId = source["departmentId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class User {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    active: boolean;
	    managerId?: string;
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
	        this.managerId = source["managerId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}

}

export namespace satisfaction {
	
	export class Rating {
	    id: string;
	    ticketId: string;
	    userId: string;
	    score: number;
	    comment: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Rating(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.userId = source["userId"];
	        this.score = source["score"];
	        this.comment = source["comment"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Given {
	    rating?: Rating;
	    canRate: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Given(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rating = this.convertValues(source["rating"], Rating);
	        this.canRate = source["canRate"];
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
	export class Line {
	    id: string;
	    name: string;
	    count: number;
	    average: number;
	
	    static createFrom(source: any = {}) {
	        return new Line(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.count = source["count"];
	        this.average = source["average"];
	    }
	}
	export class NewRating {
	    score: number;
	    comment: string;
	
	    static createFrom(source: any = {}) {
	        return new NewRating(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.score = source["score"];
	        this.comment = source["comment"];
	    }
	}
	export class Period {
	    from: number;
	    to: number;
	
	    static createFrom(source: any = {}) {
	        return new Period(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	
	export class Report {
	    period: Period;
	    count: number;
	    average: number;
	    distribution: number[];
	    byGroup: Line[];
	    byAgent: Line[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.period = this.convertValues(source["period"], Period);
	        this.count = source["count"];
	        this.average = source["average"];
	        this.distribution = source["distribution"];
	        this.byGroup = this.convertValues(source["byGroup"], Line);
	        this.byAgent = this.convertValues(source["byAgent"], Line);
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

export namespace sla {
	
	export class Action {
	    kind: string;
	    groupId?: string;
	    note?: string;
	
	    static createFrom(source: any = {}) {
	        return new Action(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.groupId = source["groupId"];
	        this.note = source["note"];
	    }
	}
	export class Bucket {
	    label: string;
	    upToMs: number;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Bucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.upToMs = source["upToMs"];
	        this.count = source["count"];
	    }
	}
	export class Span {
	    start: string;
	    end: string;
	
	    static createFrom(source: any = {}) {
	        return new Span(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class Exception {
	    date: string;
	    name: string;
	    hours: Span[];
	
	    static createFrom(source: any = {}) {
	        return new Exception(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.name = source["name"];
	        this.hours = this.convertValues(source["hours"], Span);
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
	export class Holiday {
	    date: string;
	    name: string;
	    yearly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Holiday(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.name = source["name"];
	        this.yearly = source["yearly"];
	    }
	}
	export class Interval {
	    day: number;
	    start: string;
	    end: string;
	
	    static createFrom(source: any = {}) {
	        return new Interval(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class Calendar {
	    id: string;
	    name: string;
	    zone: string;
	    always: boolean;
	    week: Interval[];
	    holidays: Holiday[];
	    exceptions: Exception[];
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Calendar(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.zone = source["zone"];
	        this.always = source["always"];
	        this.week = this.convertValues(source["week"], Interval);
	        this.holidays = this.convertValues(source["holidays"], Holiday);
	        this.exceptions = this.convertValues(source["exceptions"], Exception);
	        this.updatedAt = source["updatedAt"];
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
	export class ChangedTicket {
	    id: string;
	    number: string;
	    title: string;
	    priority: number;
	    before: string;
	    after: string;
	
	    static createFrom(source: any = {}) {
	        return new ChangedTicket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.priority = source["priority"];
	        this.before = source["before"];
	        this.after = source["after"];
	    }
	}
	export class Compliance {
	    key: string;
	    label: string;
	    met: number;
	    breached: number;
	    open: number;
	    percent: number;
	
	    static createFrom(source: any = {}) {
	        return new Compliance(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.met = source["met"];
	        this.breached = source["breached"];
	        this.open = source["open"];
	        this.percent = source["percent"];
	    }
	}
	export class Counts {
	    met: number;
	    breached: number;
	    open: number;
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.met = source["met"];
	        this.breached = source["breached"];
	        this.open = source["open"];
	    }
	}
	export class Distribution {
	    count: number;
	    p50Ms: number;
	    p90Ms: number;
	    p95Ms: number;
	    buckets: Bucket[];
	
	    static createFrom(source: any = {}) {
	        return new Distribution(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	        this.p50Ms = source["p50Ms"];
	        this.p90Ms = source["p90Ms"];
	        this.p95Ms = source["p95Ms"];
	        this.buckets = this.convertValues(source["buckets"], Bucket);
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
	export class Escalation {
	    percent: number;
	    kind: string;
	    actions: Action[];
	
	    static createFrom(source: any = {}) {
	        return new Escalation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.percent = source["percent"];
	        this.kind = source["kind"];
	        this.actions = this.convertValues(source["actions"], Action);
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
	
	export class Fired {
	    ticketId: string;
	    number: string;
	    kind: string;
	    percent: number;
	    target: string;
	    at: number;
	    stage: string;
	
	    static createFrom(source: any = {}) {
	        return new Fired(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.number = source["number"];
	        this.kind = source["kind"];
	        this.percent = source["percent"];
	        this.target = source["target"];
	        this.at = source["at"];
	        this.stage = source["stage"];
	    }
	}
	
	
	export class Match {
	    types: string[];
	    priorities: number[];
	    categories: string[];
	    services: string[];
	    groups: string[];
	
	    static createFrom(source: any = {}) {
	        return new Match(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.types = source["types"];
	        this.priorities = source["priorities"];
	        this.categories = source["categories"];
	        this.services = source["services"];
	        this.groups = source["groups"];
	    }
	}
	export class Notification {
	    id: string;
	    userId: string;
	    ticketId: string;
	    ticketNumber: string;
	    kind: string;
	    message: string;
	    createdAt: number;
	    readAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Notification(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.userId = source["userId"];
	        this.ticketId = source["ticketId"];
	        this.ticketNumber = source["ticketNumber"];
	        this.kind = source["kind"];
	        this.message = source["message"];
	        this.createdAt = source["createdAt"];
	        this.readAt = source["readAt"];
	    }
	}
	export class Target {
	    value: number;
	    unit: string;
	
	    static createFrom(source: any = {}) {
	        return new Target(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.unit = source["unit"];
	    }
	}
	export class PriorityTarget {
	    priority: number;
	    response: Target;
	    resolution: Target;
	    business: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PriorityTarget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.priority = source["priority"];
	        this.response = this.convertValues(source["response"], Target);
	        this.resolution = this.convertValues(source["resolution"], Target);
	        this.business = source["business"];
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
	export class Policy {
	    id: string;
	    name: string;
	    position: number;
	    default: boolean;
	    active: boolean;
	    match: Match;
	    calendarId: string;
	    warnPercent: number;
	    pauseReasons: string[];
	    targets: PriorityTarget[];
	    escalations: Escalation[];
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Policy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.position = source["position"];
	        this.default = source["default"];
	        this.active = source["active"];
	        this.match = this.convertValues(source["match"], Match);
	        this.calendarId = source["calendarId"];
	        this.warnPercent = source["warnPercent"];
	        this.pauseReasons = source["pauseReasons"];
	        this.targets = this.convertValues(source["targets"], PriorityTarget);
	        this.escalations = this.convertValues(source["escalations"], Escalation);
	        this.updatedAt = source["updatedAt"];
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
	export class PriorityCounts {
	    priority: number;
	    before: Counts;
	    after: Counts;
	
	    static createFrom(source: any = {}) {
	        return new PriorityCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.priority = source["priority"];
	        this.before = this.convertValues(source["before"], Counts);
	        this.after = this.convertValues(source["after"], Counts);
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
	
	export class Report {
	    from: number;
	    to: number;
	    byPriority: Compliance[];
	    byGroup: Compliance[];
	    byMonth: Compliance[];
	    respond: Distribution;
	    resolve: Distribution;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.byPriority = this.convertValues(source["byPriority"], Compliance);
	        this.byGroup = this.convertValues(source["byGroup"], Compliance);
	        this.byMonth = this.convertValues(source["byMonth"], Compliance);
	        this.respond = this.convertValues(source["respond"], Distribution);
	        this.resolve = this.convertValues(source["resolve"], Distribution);
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
	export class ReportRequest {
	    from: number;
	    to: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	
	export class SweepResult {
	    fired: Fired[];
	    notified: string[];
	    writes: number;
	
	    static createFrom(source: any = {}) {
	        return new SweepResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fired = this.convertValues(source["fired"], Fired);
	        this.notified = source["notified"];
	        this.writes = source["writes"];
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
	
	export class Clock {
	    kind: string;
	    target: Target;
	    business: boolean;
	    targetMs: number;
	    elapsedMs: number;
	    dueAt: number;
	    warnAt: number;
	    state: string;
	    stage: string;
	    startedAt: number;
	    stoppedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Clock(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.target = this.convertValues(source["target"], Target);
	        this.business = source["business"];
	        this.targetMs = source["targetMs"];
	        this.elapsedMs = source["elapsedMs"];
	        this.dueAt = source["dueAt"];
	        this.warnAt = source["warnAt"];
	        this.state = source["state"];
	        this.stage = source["stage"];
	        this.startedAt = source["startedAt"];
	        this.stoppedAt = source["stoppedAt"];
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
	export class TicketStatus {
	    priority: number;
	    // Go type: Clock
	    response: any;
	    // Go type: Clock
	    resolution: any;
	    paused: boolean;
	    stage: string;
	    dueAt: number;
	    warnAt: number;
	    breachAt: number;
	    ticketId: string;
	    policyId: string;
	    policyName: string;
	    now: number;
	
	    static createFrom(source: any = {}) {
	        return new TicketStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.priority = source["priority"];
	        this.response = this.convertValues(source["response"], null);
	        this.resolution = this.convertValues(source["resolution"], null);
	        this.paused = source["paused"];
	        this.stage = source["stage"];
	        this.dueAt = source["dueAt"];
	        this.warnAt = source["warnAt"];
	        this.breachAt = source["breachAt"];
	        this.ticketId = source["ticketId"];
	        this.policyId = source["policyId"];
	        this.policyName = source["policyName"];
	        this.now = source["now"];
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
	export class WhatIf {
	    days: number;
	    tickets: number;
	    byPriority: PriorityCounts[];
	    changed: ChangedTicket[];
	    changedTotal: number;
	
	    static createFrom(source: any = {}) {
	        return new WhatIf(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.tickets = source["tickets"];
	        this.byPriority = this.convertValues(source["byPriority"], PriorityCounts);
	        this.changed = this.convertValues(source["changed"], ChangedTicket);
	        this.changedTotal = source["changedTotal"];
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
	export class WhatIfRequest {
	    days: number;
	    policy?: Policy;
	    calendar?: Calendar;
	
	    static createFrom(source: any = {}) {
	        return new WhatIfRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.policy = this.convertValues(source["policy"], Policy);
	        this.calendar = this.convertValues(source["calendar"], Calendar);
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

export namespace ticket {
	
	export class Allowed {
	    next: string[];
	    edit: string[];
	    major: boolean;
	    link: boolean;
	    internal: boolean;
	    comment: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Allowed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.next = source["next"];
	        this.edit = source["edit"];
	        this.major = source["major"];
	        this.link = source["link"];
	        this.internal = source["internal"];
	        this.comment = source["comment"];
	    }
	}
	export class Attachment {
	    id: string;
	    ticketId: string;
	    sha256: string;
	    name: string;
	    mime: string;
	    size: number;
	    authorId: string;
	    createdAt: number;
	    internal: boolean;
	
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
	        this.internal = source["internal"];
	    }
	}
	export class AuditEntry {
	    id: string;
	    entity?: string;
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
	        this.entity = source["entity"];
	        this.ticketId = source["ticketId"];
	        this.actorId = source["actorId"];
	        this.at = source["at"];
	        this.field = source["field"];
	        this.oldValue = source["oldValue"];
	        this.newValue = source["newValue"];
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
	    serviceId?: string;
	    ciId?: string;
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
	        this.serviceId = source["serviceId"];
	        this.ciId = source["ciId"];
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
	export class Change {
	    patch?: Patch;
	    assignToMe: boolean;
	    addTags: string[];
	    note: string;
	    move?: Move;
	
	    static createFrom(source: any = {}) {
	        return new Change(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.patch = this.convertValues(source["patch"], Patch);
	        this.assignToMe = source["assignToMe"];
	        this.addTags = source["addTags"];
	        this.note = source["note"];
	        this.move = this.convertValues(source["move"], Move);
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
	    serviceId: string;
	    ciId: string;
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
	        this.serviceId = source["serviceId"];
	        this.ciId = source["ciId"];
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
	export class Filter {
	    field: string;
	    values: string[];
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.values = source["values"];
	        this.from = source["from"];
	        this.to = source["to"];
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
	export class Labels {
	    ci: string;
	    service: string;
	
	    static createFrom(source: any = {}) {
	        return new Labels(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ci = source["ci"];
	        this.service = source["service"];
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
	
	export class Outcome {
	    id: string;
	    number: string;
	    done: boolean;
	    code?: string;
	    message?: string;
	    fields?: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new Outcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.done = source["done"];
	        this.code = source["code"];
	        this.message = source["message"];
	        this.fields = source["fields"];
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
	    departmentId: string;
	    search: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	    filters: Filter[];
	
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
	        this.departmentId = source["departmentId"];
	        this.search = source["search"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.filters = this.convertValues(source["filters"], Filter);
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
	    slaDueAt?: number;
	    slaStage: string;
	    slaBreachAt?: number;
	
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
	        this.slaDueAt = source["slaDueAt"];
	        this.slaStage = source["slaStage"];
	        this.slaBreachAt = source["slaBreachAt"];
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
	    serviceId?: string;
	    ciId?: string;
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
	        this.serviceId = source["serviceId"];
	        this.ciId = source["ciId"];
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

export namespace view {
	
	export class Count {
	    id: string;
	    count: number;
	    more: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Count(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.count = source["count"];
	        this.more = source["more"];
	    }
	}
	export class Spec {
	    name: string;
	    subject: string;
	    query: ticket.Query;
	    assetQuery: asset.Query;
	    columns: string[];
	
	    static createFrom(source: any = {}) {
	        return new Spec(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.subject = source["subject"];
	        this.query = this.convertValues(source["query"], ticket.Query);
	        this.assetQuery = this.convertValues(source["assetQuery"], asset.Query);
	        this.columns = source["columns"];
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
	export class View {
	    id: string;
	    ownerId: string;
	    ownerName: string;
	    name: string;
	    position: number;
	    groupId: string;
	    subject: string;
	    query: ticket.Query;
	    assetQuery: asset.Query;
	    columns: string[];
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ownerId = source["ownerId"];
	        this.ownerName = source["ownerName"];
	        this.name = source["name"];
	        this.position = source["position"];
	        this.groupId = source["groupId"];
	        this.subject = source["subject"];
	        this.query = this.convertValues(source["query"], ticket.Query);
	        this.assetQuery = this.convertValues(source["assetQuery"], asset.Query);
	        this.columns = source["columns"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
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

