// Lambda@Edge, origin request: CloudFront's Origin Access Control signs requests to the Function URL with SigV4, and
// for a request with a body the signature covers the payload hash, which CloudFront does not compute itself. Without
// x-amz-content-sha256 a POST or PUT through CloudFront is refused with 403.
import { createHash } from "node:crypto";

export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  const body = request.body && request.body.data
    ? Buffer.from(request.body.data, request.body.encoding === "base64" ? "base64" : "utf8")
    : Buffer.alloc(0);
  request.headers["x-amz-content-sha256"] = [
    { key: "x-amz-content-sha256", value: createHash("sha256").update(body).digest("hex") },
  ];
  return request;
};
