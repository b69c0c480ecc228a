// The benchmark's peer: a SCIM 2.0 service built the way SCIMMY's documentation shows (SCIMMY resources behind its
// Express routers), keeping users (with userName uniqueness) and groups in memory. It prints "listening <port>".
import {randomUUID} from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const token = process.env.SCIM_TOKEN ?? "bench";
const users = new Map();
const byUserName = new Map();

SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => {
        const key = instance.userName.toLowerCase();
        const owner = byUserName.get(key);
        if (owner !== undefined && owner !== resource.id) {
            throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${instance.userName} is taken`);
        }
        const now = new Date();
        const id = resource.id ?? randomUUID();
        const record = {...JSON.parse(JSON.stringify(instance)), id, meta: {created: users.get(id)?.meta.created ?? now, lastModified: now}};
        users.set(id, record);
        byUserName.set(key, id);
        return record;
    })
    .egress((resource) => resource.id ? users.get(resource.id) : [...users.values()])
    .degress((resource) => {
        const user = users.get(resource.id);
        users.delete(resource.id);
        byUserName.delete(user?.userName.toLowerCase());
    });

const groups = new Map();
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => {
        const now = new Date();
        const id = resource.id ?? randomUUID();
        const record = {...JSON.parse(JSON.stringify(instance)), id, meta: {created: groups.get(id)?.meta.created ?? now, lastModified: now}};
        groups.set(id, record);
        return record;
    })
    .egress((resource) => resource.id ? groups.get(resource.id) : [...groups.values()])
    .degress((resource) => { groups.delete(resource.id); });

const app = express();
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        if (request.header("Authorization") !== `Bearer ${token}`) {
            throw new Error("Authorization not detected!");
        }
        return "bench";
    },
}));
const server = app.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
