import { Chatter } from "@mail/chatter/web_portal/chatter";

// Portal pages and project sharing show a reduced chatter: composer and messages only.
Chatter.template = "portal.Chatter";
