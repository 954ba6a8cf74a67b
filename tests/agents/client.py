"""A real MCP client for tests/agents.rs: the official Python SDK (`mcp`).

usage: python3 client.py BINARY BOOK_DIR PLAN_JSON

Starts `BINARY mcp BOOK_DIR` on stdio, lists the tools and the resources,
then runs the plan's steps in order and prints one JSON document on stdout:
{"tools": [...], "resources": [...], "steps": [...]}. A step is
{"tool": NAME, "args": {...}}, {"read": URI} or {"write": PATH, "text": TEXT}
(a file edited mid-session, to see the server read the book again). A tool
or read that fails gives {"error": MESSAGE, "code": N}: the MCP error.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import McpError
from pydantic import AnyUrl


async def main(binary, book, plan):
    server = StdioServerParameters(command=binary, args=["mcp", book])
    out = {"steps": []}
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["server"] = init.serverInfo.name
            out["tools"] = [
                {"name": t.name, "inputSchema": t.inputSchema}
                for t in (await session.list_tools()).tools
            ]
            out["resources"] = [
                {"uri": str(r.uri), "name": r.name, "title": r.title, "mimeType": r.mimeType}
                for r in (await session.list_resources()).resources
            ]
            for step in plan:
                if "write" in step:
                    with open(step["write"], "w", encoding="utf-8") as f:
                        f.write(step["text"])
                    out["steps"].append({"written": step["write"]})
                    continue
                try:
                    if "tool" in step:
                        result = await session.call_tool(step["tool"], step.get("args", {}))
                        text = "".join(c.text for c in result.content if c.type == "text")
                        out["steps"].append({
                            "structured": result.structuredContent,
                            "text": json.loads(text) if text else None,
                            "isError": bool(result.isError),
                        })
                    else:
                        result = await session.read_resource(AnyUrl(step["read"]))
                        out["steps"].append({"contents": [c.text for c in result.contents]})
                except McpError as e:
                    out["steps"].append({"error": e.error.message, "code": e.error.code})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
