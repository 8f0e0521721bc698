export function blobKey(request) {
    return `${request.owner}/${request.repo}@${request.ref}:${request.path}`;
}
