/** Who is calling: an authenticated device of a user. */
export interface AuthContext {
  userId: string;
  deviceId: string;
}
